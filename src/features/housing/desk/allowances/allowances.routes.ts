// /admin/premises/:id/allowances: a premises' housing allowance decisions at the desk (issue
// #21), and a manager's form for a new one. Another tenant's premises, or an id that is none,
// is a 404; what is typed wrong is said by its field (422), nothing changed.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { mayDo } from '../desk-pages.ts';
import { allowanceForm } from './allowances.form.ts';
import { allowancesAtDesk, recordAllowance, type AllowancesDeps } from './allowances.service.ts';

const VIEW = 'admin/housing/allowances';
const NOTICES = ['recorded'] as const;

export function allowancesRouter(deps: AllowancesDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const render = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const page = await allowancesAtDesk(deps, staffContext(res), idParam(req));
    if (!page) throw new HttpError(404, 'no such premises here');
    res.setHeader('Cache-Control', 'no-store');
    const locals = {
      title: res.locals.ctx.t('housingDesk:allowances.title', { code: page.premises.code }),
      page,
      mayChange: mayDo(res, 'premises.recordAllowances'),
      notice: NOTICES.find((notice) => notice === req.query.done),
    };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, { ...locals, values: {} });
  };

  router.get('/premises/:id/allowances', guard, allow('premises.view'), (req, res) => render(req, res));

  const form = validate(allowanceForm, render);
  router.post(
    '/premises/:id/allowances',
    guard,
    allow('premises.recordAllowances'),
    idInPath,
    form,
    async (req, res) => {
      const premisesId = idParam(req);
      const outcome = await recordAllowance(deps, staffContext(res), { premisesId, ...form.data(res) });
      if (outcome.kind === 'notFound') throw new HttpError(404, 'no such premises here');
      res.redirect(303, res.locals.ctx.url(`/admin/premises/${premisesId}/allowances?done=recorded`));
    },
  );

  return router;
}
