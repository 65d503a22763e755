// /admin/premises/:id/meters: a premises' meters at the desk (issue #21), each with its readings,
// and the form that records one (a clerk's work, as at the counter a resident reports what
// their meter shows). Another tenant's premises, or an id that is none, is a 404; what is typed
// wrong, or a reading the meter's others refuse, is said by its field (422), nothing recorded.
import { Router } from 'express';
import { validate } from '../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../platform/http/id-param.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import type { Formatters } from '../../../platform/i18n/format.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { deskPage, premisesNotFound } from '../desk/desk-pages.ts';
import { readingForm } from './meter-readings.form.ts';
import { metersAtDesk, recordReading, type MetersDeps, type ReadingOutcome } from './meter-readings.service.ts';

/** Why the service refused a reading: the field it is about and what to say there. */
function refusal(
  outcome: Exclude<ReadingOutcome, { kind: 'recorded' | 'notFound' }>,
  t: Translate,
  fmt: Formatters,
): [field: string, message: string] {
  switch (outcome.kind) {
    case 'future':
    case 'sameDay':
      return ['readOn', t(`meters:form.${outcome.kind}`)];
    case 'lower':
    case 'higher': {
      const other = outcome.kind === 'lower' ? outcome.before : outcome.after;
      return [
        'value',
        t(`meters:form.${outcome.kind}`, { value: fmt.quantity(other.valueThousandths), date: fmt.day(other.readOn) }),
      ];
    }
  }
}

export function meterReadingsRouter(deps: MetersDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const { render, refuse, done } = deskPage({
    view: 'admin/housing/meters',
    titleKey: 'meters:desk.title',
    load: (context, premisesId) => metersAtDesk(deps, context, premisesId),
    action: 'premises.recordReadings',
    notices: ['recorded'],
    blank: ({ today }) => ({ readOn: today }),
  });

  router.get('/premises/:id/meters', guard, allow('premises.view'), (req, res) => render(req, res));

  const form = validate(readingForm, render);
  router.post('/premises/:id/meters', guard, allow('premises.recordReadings'), idInPath, form, async (req, res) => {
    const premisesId = idParam(req);
    const outcome = await recordReading(deps, staffContext(res), { premisesId, ...form.data(res) });
    if (outcome.kind === 'notFound') throw premisesNotFound();
    if (outcome.kind !== 'recorded') return refuse(req, res, ...refusal(outcome, res.locals.ctx.t, res.locals.ctx.fmt));
    done(res, premisesId, 'meters', 'recorded');
  });

  return router;
}
