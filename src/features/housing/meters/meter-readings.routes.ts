// /admin/premises/:id/meters: a premises' meters at the desk (issue #21), each with its readings,
// and the form that records one (a clerk's work, as at the counter a resident reports what
// their meter shows). Another tenant's premises, or an id that is none, is a 404; what is typed
// wrong, or a reading the meter's others refuse, is said by its field (422), nothing recorded.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { mayDo, typedValues } from '../desk/desk-pages.ts';
import { readingForm } from './meter-readings.form.ts';
import type { MeterReading } from './meter-readings.types.ts';
import { metersAtDesk, recordReading, type MetersDeps, type ReadingOutcome } from './meter-readings.service.ts';

const VIEW = 'admin/housing/meters';
const NOTICES = ['recorded'] as const;

export function meterReadingsRouter(deps: MetersDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const notFound = () => new HttpError(404, 'no such premises here');

  const render = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const page = await metersAtDesk(deps, staffContext(res), idParam(req));
    if (!page) throw notFound();
    res.setHeader('Cache-Control', 'no-store');
    const locals = {
      title: res.locals.ctx.t('meters:desk.title', { code: page.premises.code }),
      page,
      mayChange: mayDo(res, 'premises.recordReadings'),
      notice: NOTICES.find((notice) => notice === req.query.done),
    };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, { ...locals, values: { readOn: page.today } });
  };

  /** Why the service refused the reading, at the field it is about. */
  const refusal = (res: Response, outcome: Exclude<ReadingOutcome, { kind: 'recorded' | 'notFound' }>) => {
    const { t, fmt } = res.locals.ctx;
    const value = (reading: MeterReading) => fmt.quantity(reading.valueThousandths);
    switch (outcome.kind) {
      case 'future':
        return { field: 'readOn', message: t('meters:form.future') };
      case 'sameDay':
        return { field: 'readOn', message: t('meters:form.sameDay') };
      case 'lower':
        return {
          field: 'value',
          message: t('meters:form.lower', { value: value(outcome.before), date: fmt.day(outcome.before.readOn) }),
        };
      case 'higher':
        return {
          field: 'value',
          message: t('meters:form.higher', { value: value(outcome.after), date: fmt.day(outcome.after.readOn) }),
        };
    }
  };

  router.get('/premises/:id/meters', guard, allow('premises.view'), (req, res) => render(req, res));

  const form = validate(readingForm, render);
  router.post('/premises/:id/meters', guard, allow('premises.recordReadings'), idInPath, form, async (req, res) => {
    const premisesId = idParam(req);
    const outcome = await recordReading(deps, staffContext(res), { premisesId, ...form.data(res) });
    if (outcome.kind === 'notFound') throw notFound();
    if (outcome.kind !== 'recorded') {
      return render(req, res, { errors: [refusal(res, outcome)], values: typedValues(req.body) });
    }
    res.redirect(303, res.locals.ctx.url(`/admin/premises/${premisesId}/meters?done=recorded`));
  });

  return router;
}
