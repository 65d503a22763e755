// /admin/clients/:id/activation-link: the counter sends an activation link to a client who is
// not yet an account (issue #19), to the address the clerk confirms with them: a mistyped
// one corrected (the old link then answers 410), or one added for a client served at the
// counter until now. The form shows the address on record, to check with the client.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { clientSummary, emailAddress, sendActivationLinkTo, type InPersonDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { idParam } from '../../platform/http/id-param.ts';

const activationLinkForm = z.object({ email: emailAddress });

export function activationLinkRouter(deps: InPersonDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const path = '/clients/:id/activation-link';

  /** The form; with what was wrong, 422 (or 409 when the client is an account by now). */
  const renderForm = async (req: Request, res: Response, invalid?: InvalidFormResult, conflict = false) => {
    const client = await clientSummary(deps, staffContext(res), idParam(req));
    if (!client) throw new HttpError(404, 'no such client here');
    const locals = { title: res.locals.ctx.t('adminClients:link.title'), client };
    if (conflict) return res.status(409).render('admin/clients/activation-link', { ...locals, ...invalid });
    if (invalid) return renderInvalid(res, 'admin/clients/activation-link', locals, invalid);
    res.render('admin/clients/activation-link', { ...locals, values: { email: client.email ?? '' } });
  };
  router.get(path, guard, allow('clients.sendActivationLink'), (req, res) => renderForm(req, res));

  const form = validate(activationLinkForm, (req, res, invalid) => renderForm(req, res, invalid));
  router.post(path, guard, allow('clients.sendActivationLink'), form, async (req, res) => {
    const clientId = idParam(req);
    const { email } = form.data(res);
    const sent = await sendActivationLinkTo(deps, staffContext(res), { clientId, email });
    if (sent.kind === 'notFound') throw new HttpError(404, 'no such client here');
    if (sent.kind === 'sent') return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}?done=linkSent`));
    const key = sent.kind === 'emailTaken' ? 'adminClients:new.emailTaken' : 'adminClients:link.notActivatable';
    const errors = [{ field: 'email', message: res.locals.ctx.t(key) }];
    await renderForm(req, res, { errors, values: { email } }, sent.kind === 'notActivatable');
  });

  return router;
}
