// /admin/clients/:id/access: access given again to a client who cannot sign in (issue #19),
// after the clerk has checked who they are: a reset link to their address, or a new start
// password on the handover sheet (which ends the old password and every session at once, so
// the page says so before it is chosen).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { ACCESS_RESET_METHODS, clientSummary, resetAccess, type InPersonDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { idParam } from '../../platform/http/id-param.ts';
import { keepForHandover } from './handover.ts';
import type { SealedBox } from '../../platform/crypto/sealed-box.ts';

const VIEW = 'admin/clients/access';
const accessResetForm = z.object({ method: z.enum(ACCESS_RESET_METHODS, 'adminClients:access.chooseMethod') });

export function accessResetRouter(deps: InPersonDeps & GuardDeps & { sealedBox: SealedBox }): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const path = '/clients/:id/access';

  const renderForm = async (req: Request, res: Response, invalid?: InvalidFormResult, status = 422) => {
    const client = await clientSummary(deps, staffContext(res), idParam(req));
    if (!client) throw new HttpError(404, 'no such client here');
    const locals = { title: res.locals.ctx.t('adminClients:access.title'), client };
    if (!invalid) return res.render(VIEW, { ...locals, values: {} });
    if (status === 422) return renderInvalid(res, VIEW, locals, invalid);
    res.status(status).render(VIEW, { ...locals, ...invalid });
  };
  router.get(path, guard, allow('clients.resetAccess'), (req, res) => renderForm(req, res));

  const form = validate(accessResetForm, (req, res, invalid) => renderForm(req, res, invalid));
  router.post(path, guard, allow('clients.resetAccess'), form, async (req, res) => {
    const clientId = idParam(req);
    const { method } = form.data(res);
    const context = staffContext(res);
    const outcome = await resetAccess(deps, context, { clientId, method });
    switch (outcome.kind) {
      case 'notFound':
        throw new HttpError(404, 'no such client here');
      case 'linkSent':
        return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}?done=accessLinkSent`));
      case 'issued':
        await keepForHandover(req, deps.sealedBox, context, outcome);
        return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}/handover`));
      default: {
        // Nothing changed: why, on the same form (409 where the account is no longer one that signs in).
        const errors = [{ field: 'method', message: res.locals.ctx.t(`adminClients:access.${outcome.kind}`) }];
        await renderForm(req, res, { errors, values: { method } }, outcome.kind === 'notApplicable' ? 409 : 422);
      }
    }
  });

  return router;
}
