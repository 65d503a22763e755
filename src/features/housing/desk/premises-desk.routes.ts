// /admin/premises: the tenant's premises for its staff (issue #21): a search by code, a premises'
// page (its data, fees, accounts with their balances, the rights to it) and a charge posted by
// hand by a manager. Another tenant's premises, or an id that is none, is a 404.
import { Router, type Request, type Response } from 'express';
import { formatNrb, isValidNrb } from '../../../lib/nrb.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm, type FieldError } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { allow, can, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { handChargeForm, premisesSearchForm } from './premises-desk.form.ts';
import { findPremises, postHandCharge, premisesAtDesk, type DeskDeps } from './premises-desk.service.ts';

const NOTICES = ['charged', 'created', 'changed', 'unchanged'] as const;

/** The premises' account number as banks print it (one stored otherwise is shown as stored). */
const printedNrb = (nrb: string | null): string | null => (nrb && isValidNrb(nrb) ? formatNrb(nrb) : nrb);

export function premisesDeskRouter(deps: DeskDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  router.get('/premises', guard, allow('premises.view'), async (req, res) => {
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    const form = readForm(premisesSearchForm, req.query, ctx.t);
    const title = ctx.t('housing:desk.list.title');
    if (!form.ok) {
      return res
        .status(422)
        .render('admin/housing/premises-list', { title, found: [], errors: form.errors, values: form.values });
    }
    const found = await findPremises(deps, staffContext(res), form.data.code);
    res.render('admin/housing/premises-list', { title, found, values: { code: form.data.code } });
  });

  const renderPremises = async (req: Request, res: Response, status = 200, errors: FieldError[] = [], values = {}) => {
    const context = staffContext(res);
    const page = await premisesAtDesk(deps, context, idParam(req));
    if (!page) throw new HttpError(404, 'no such premises here');
    const { actor, tenant } = context;
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('admin/housing/premises', {
      title: res.locals.ctx.t('housing:desk.premises.title', { code: page.premises.code }),
      page,
      mayCharge: can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, 'premises.postCharges'),
      mayManage: can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, 'premises.manage'),
      accountNumber: printedNrb(page.premises.accountNumber),
      notice: NOTICES.find((notice) => notice === req.query.done),
      errors,
      values: { bookedOn: page.today, dueOn: page.today, ...values },
    });
  };

  router.get('/premises/:id', guard, allow('premises.view'), (req, res) => renderPremises(req, res));

  router.post('/premises/:id/charges', guard, allow('premises.postCharges'), async (req, res) => {
    const { ctx } = res.locals;
    const premisesId = idParam(req);
    const form = readForm(handChargeForm, req.body, ctx.t);
    if (!form.ok) return renderPremises(req, res, 422, form.errors, form.values);
    const outcome = await postHandCharge(deps, staffContext(res), { premisesId, ...form.data });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such premises here');
    if (outcome.kind === 'noAccount') {
      return renderPremises(
        req,
        res,
        422,
        [{ field: 'fund', message: ctx.t('housing:desk.charge.noAccount') }],
        req.body,
      );
    }
    res.redirect(303, ctx.url(`/admin/premises/${premisesId}?done=charged`));
  });

  return router;
}
