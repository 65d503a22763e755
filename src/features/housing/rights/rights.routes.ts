// /admin/clients/:id/premises: a client's rights to premises at the counter (issue #21), with the
// forms to link them to a premises and to end a right. A client or right of another tenant, or
// an id that is none, is a 404; what is typed wrong is said by its field (422), nothing changed.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm, type FieldError } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { clientSummary } from '../../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { endRightForm, linkRightForm } from './rights.form.ts';
import { clientRights, endClientRight, linkRight, type RightsDeps } from './rights.service.ts';
import { z } from 'zod';

const VIEW = 'admin/housing/rights';
/** What the page says after a change, by the `done` its redirect carries. */
const NOTICES = ['linked', 'ended', 'notRunning'] as const;

export function rightsRouter(deps: RightsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const render = async (req: Request, res: Response, status = 200, errors: FieldError[] = [], values = {}) => {
    const context = staffContext(res);
    const clientId = idParam(req);
    const client = await clientSummary(deps, context, clientId);
    if (!client) throw new HttpError(404, 'no such client here');
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render(VIEW, {
      title: res.locals.ctx.t('housing:rights.title', { name: `${client.firstName} ${client.lastName}` }),
      client,
      rights: await clientRights(deps, context, clientId),
      notice: NOTICES.find((notice) => notice === req.query.done),
      errors,
      values,
    });
  };

  router.get('/clients/:id/premises', guard, allow('premises.view'), (req, res) => render(req, res));

  router.post('/clients/:id/premises', guard, allow('premises.linkRights'), async (req, res) => {
    const { ctx } = res.locals;
    const clientId = idParam(req);
    const form = readForm(linkRightForm, req.body, ctx.t);
    if (!form.ok) return render(req, res, 422, form.errors, form.values);
    if (!(await clientSummary(deps, staffContext(res), clientId))) throw new HttpError(404, 'no such client here');
    const outcome = await linkRight(deps, staffContext(res), { clientId, ...form.data });
    if (outcome.kind !== 'linked') {
      const field = outcome.kind === 'unknownPremises' ? 'code' : 'kind';
      return render(req, res, 422, [{ field, message: ctx.t(`housing:rights.${outcome.kind}`) }], form.data);
    }
    res.redirect(303, ctx.url(`/admin/clients/${clientId}/premises?done=linked`));
  });

  router.post('/clients/:id/premises/:right/end', guard, allow('premises.linkRights'), async (req, res) => {
    const { ctx } = res.locals;
    const clientId = idParam(req);
    const rightId = z.uuid().safeParse(req.params.right);
    if (!rightId.success) throw new HttpError(404, 'not a right');
    const form = readForm(endRightForm, req.body, ctx.t);
    if (!form.ok) {
      // Each running right has its own form: the summary leads to this one's field.
      const errors = form.errors.map((error) => ({ ...error, href: `#lastDay-${rightId.data}` }));
      return render(req, res, 422, errors, {});
    }
    const outcome = await endClientRight(deps, staffContext(res), { clientId, rightId: rightId.data, ...form.data });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such right of this client');
    if (outcome.kind === 'beforeStart') {
      const message = ctx.t('housing:rights.beforeStart', { date: ctx.fmt.day(outcome.validFrom) });
      return render(req, res, 422, [{ field: 'lastDay', message, href: `#lastDay-${rightId.data}` }], {});
    }
    res.redirect(303, ctx.url(`/admin/clients/${clientId}/premises?done=${outcome.kind}`));
  });

  return router;
}
