// /admin/premises/:id/allowances: a premises' housing allowance decisions at the desk (issue
// #21), and a manager's form for a new one. Another tenant's premises, or an id that is none,
// is a 404; what is typed wrong is said by its field (422), nothing changed.
import { Router } from 'express';
import { validate } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { deskPage, premisesNotFound } from '../desk-pages.ts';
import { allowanceForm } from './allowances.form.ts';
import { allowancesAtDesk, recordAllowance, type AllowancesDeps } from './allowances.service.ts';

export function allowancesRouter(deps: AllowancesDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const { render, done } = deskPage({
    view: 'admin/housing/allowances',
    titleKey: 'housingDesk:allowances.title',
    load: (context, premisesId) => allowancesAtDesk(deps, context, premisesId),
    action: 'premises.recordAllowances',
    notices: ['recorded'],
  });

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
      if (outcome.kind === 'notFound') throw premisesNotFound();
      done(res, premisesId, 'allowances', 'recorded');
    },
  );

  return router;
}
