// /admin/premises/:id/fees: a premises' fee components at the desk (issue #21), every rate with
// the days it ran, and a manager's three forms: a new component, a new rate of a running one
// from a day, the last day of one. Another tenant's premises, or an id that is none, is a 404;
// what is typed wrong is said by its field (422), nothing changed.
import { Router } from 'express';
import { validate } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { deskPage, premisesNotFound } from '../desk-pages.ts';
import { endComponentForm, newComponentForm, newRateForm } from './fees.form.ts';
import { addFeeComponent, changeFeeRate, endFeeComponent, feesAtDesk, type FeesDeps } from './fees.service.ts';

export function feesRouter(deps: FeesDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const { render, refuse, done } = deskPage({
    view: 'admin/housing/fees',
    titleKey: 'housingDesk:fees.title',
    load: (context, premisesId) => feesAtDesk(deps, context, premisesId),
    action: 'premises.setFees',
    notices: ['added', 'rateChanged', 'ended'],
    blank: ({ today }) => ({ validFrom: today, rateFrom: today, lastDay: today }),
  });
  const setFees = [guard, allow('premises.setFees'), idInPath];

  router.get('/premises/:id/fees', guard, allow('premises.view'), (req, res) => render(req, res));

  const added = validate(newComponentForm, render);
  router.post('/premises/:id/fees', ...setFees, added, async (req, res) => {
    const premisesId = idParam(req);
    const outcome = await addFeeComponent(deps, staffContext(res), { premisesId, ...added.data(res) });
    if (outcome.kind === 'notFound') throw premisesNotFound();
    if (outcome.kind === 'exists') return refuse(req, res, 'title', res.locals.ctx.t('housingDesk:fees.exists'));
    done(res, premisesId, 'fees', 'added');
  });

  const rate = validate(newRateForm, render);
  router.post('/premises/:id/fees/rates', ...setFees, rate, async (req, res) => {
    const { t, fmt } = res.locals.ctx;
    const premisesId = idParam(req);
    const { component, newRate, rateFrom } = rate.data(res);
    const outcome = await changeFeeRate(deps, staffContext(res), {
      premisesId,
      componentId: component,
      rate: newRate,
      validFrom: rateFrom,
    });
    if (outcome.kind === 'notFound') throw premisesNotFound();
    if (outcome.kind === 'notRunning') return refuse(req, res, 'component', t('housingDesk:fees.componentMissing'));
    if (outcome.kind === 'sameRate') return refuse(req, res, 'newRate', t('housingDesk:fees.sameRate'));
    if (outcome.kind === 'notAfter') {
      return refuse(req, res, 'rateFrom', t('housingDesk:fees.notAfter', { date: fmt.day(outcome.since) }));
    }
    done(res, premisesId, 'fees', 'rateChanged');
  });

  const end = validate(endComponentForm, render);
  router.post('/premises/:id/fees/end', ...setFees, end, async (req, res) => {
    const { t, fmt } = res.locals.ctx;
    const premisesId = idParam(req);
    const { ending, lastDay } = end.data(res);
    const outcome = await endFeeComponent(deps, staffContext(res), { premisesId, componentId: ending, lastDay });
    if (outcome.kind === 'notFound') throw premisesNotFound();
    if (outcome.kind === 'notRunning') return refuse(req, res, 'ending', t('housingDesk:fees.componentMissing'));
    if (outcome.kind === 'beforeStart') {
      return refuse(req, res, 'lastDay', t('housingDesk:fees.beforeStart', { date: fmt.day(outcome.validFrom) }));
    }
    done(res, premisesId, 'fees', 'ended');
  });

  return router;
}
