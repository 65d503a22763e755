// /admin/premises/:id/settlements: a premises' media settlements at the desk (issue #21), and a
// manager's form that books a new one into the ledger. Another tenant's premises, or an id that
// is none, is a 404; what is typed wrong is said by its field (422), nothing booked.
import { Router } from 'express';
import { validate } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { deskPage, premisesNotFound } from '../desk-pages.ts';
import { settlementForm } from './settlements.form.ts';
import { recordSettlement, settlementsAtDesk, type SettlementsDeps } from './settlements.service.ts';

export function settlementsRouter(deps: SettlementsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const { render, refuse, done } = deskPage({
    view: 'admin/housing/settlements',
    titleKey: 'housingDesk:settlements.title',
    load: (context, premisesId) => settlementsAtDesk(deps, context, premisesId),
    action: 'premises.settleMedia',
    notices: ['booked'],
    blank: ({ today }) => ({ settledOn: today, dueOn: today }),
  });

  router.get('/premises/:id/settlements', guard, allow('premises.view'), (req, res) => render(req, res));

  const form = validate(settlementForm, render);
  router.post('/premises/:id/settlements', guard, allow('premises.settleMedia'), idInPath, form, async (req, res) => {
    const { t, fmt } = res.locals.ctx;
    const premisesId = idParam(req);
    const outcome = await recordSettlement(deps, staffContext(res), { premisesId, ...form.data(res) });
    if (outcome.kind === 'notFound') throw premisesNotFound();
    if (outcome.kind === 'noAccount') return refuse(req, res, 'medium', t('housingDesk:settlements.noAccount'));
    if (outcome.kind === 'overlaps') {
      const period = { from: fmt.day(outcome.periodFrom), to: fmt.day(outcome.periodTo) };
      return refuse(req, res, 'periodFrom', t('housingDesk:settlements.overlaps', period));
    }
    done(res, premisesId, 'settlements', 'booked');
  });

  return router;
}
