// /admin/premises/:id/settlements: a premises' media settlements at the desk (issue #21), and a
// manager's form that books a new one into the ledger. Another tenant's premises, or an id that
// is none, is a 404; what is typed wrong is said by its field (422), nothing booked.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { mayDo, typedValues } from '../desk-pages.ts';
import { settlementForm } from './settlements.form.ts';
import { recordSettlement, settlementsAtDesk, type SettlementsDeps } from './settlements.service.ts';

const VIEW = 'admin/housing/settlements';
const NOTICES = ['booked'] as const;

export function settlementsRouter(deps: SettlementsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const notFound = () => new HttpError(404, 'no such premises here');

  const render = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const page = await settlementsAtDesk(deps, staffContext(res), idParam(req));
    if (!page) throw notFound();
    res.setHeader('Cache-Control', 'no-store');
    const locals = {
      title: res.locals.ctx.t('housingDesk:settlements.title', { code: page.premises.code }),
      page,
      mayChange: mayDo(res, 'premises.settleMedia'),
      notice: NOTICES.find((notice) => notice === req.query.done),
    };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, { ...locals, values: { settledOn: page.today, dueOn: page.today } });
  };

  router.get('/premises/:id/settlements', guard, allow('premises.view'), (req, res) => render(req, res));

  const form = validate(settlementForm, render);
  router.post('/premises/:id/settlements', guard, allow('premises.settleMedia'), idInPath, form, async (req, res) => {
    const { t, fmt } = res.locals.ctx;
    const premisesId = idParam(req);
    const outcome = await recordSettlement(deps, staffContext(res), { premisesId, ...form.data(res) });
    if (outcome.kind === 'notFound') throw notFound();
    if (outcome.kind !== 'booked') {
      const [field, message] =
        outcome.kind === 'noAccount'
          ? ['medium', t('housingDesk:settlements.noAccount')]
          : [
              'periodFrom',
              t('housingDesk:settlements.overlaps', {
                from: fmt.day(outcome.periodFrom),
                to: fmt.day(outcome.periodTo),
              }),
            ];
      return render(req, res, { errors: [{ field, message }], values: typedValues(req.body) });
    }
    res.redirect(303, res.locals.ctx.url(`/admin/premises/${premisesId}/settlements?done=booked`));
  });

  return router;
}
