// /admin/premises/:id/edit: a manager corrects what a premises' fees are reckoned by, its usable
// area and the persons counted (issue #21; policy: premises.manage). The area is shown as it
// would be typed back in the visitor's language ("52,30", "52.30"). Another tenant's premises,
// or an id that is none, is a 404; what is typed wrong is said at its field (422).
import { Router, type Request, type Response } from 'express';
import { typedAmount } from '../../../lib/money.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { premisesDataForm } from './buildings.form.ts';
import { changePremisesData, premisesRecord, type PremisesRecordsDeps } from './premises-records.service.ts';

const VIEW = 'admin/housing/premises-edit';

export function premisesRecordsRouter(deps: PremisesRecordsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const manage = allow('premises.manage');

  const renderForm = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const premises = await premisesRecord(deps, staffContext(res), idParam(req));
    if (!premises) throw new HttpError(404, 'no such premises here');
    const { ctx } = res.locals;
    const locals = { title: ctx.t('housingStaff:premises.editTitle', { code: premises.code }), premises };
    res.setHeader('Cache-Control', 'no-store');
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    const values = { area: typedAmount(premises.areaHundredths, ctx.locale), persons: String(premises.persons) };
    res.render(VIEW, { ...locals, values });
  };
  const dataChange = validate(premisesDataForm, (req, res, invalid) => renderForm(req, res, invalid));

  router.get('/premises/:id/edit', guard, manage, (req, res) => renderForm(req, res));
  router.post('/premises/:id/edit', guard, manage, idInPath, dataChange, async (req, res) => {
    const premisesId = idParam(req);
    const { area, persons } = dataChange.data(res);
    const outcome = await changePremisesData(deps, staffContext(res), { premisesId, areaHundredths: area, persons });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such premises here');
    res.redirect(303, res.locals.ctx.url(`/admin/premises/${premisesId}?done=${outcome.kind}`));
  });

  return router;
}
