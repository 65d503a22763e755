// /admin/buildings: a tenant's buildings for its staff (issue #21). Everyone on the staff sees
// the list (each building with its premises count) and a building's page with its premises; a
// manager adds a building, corrects its address and adds premises to it (policy:
// premises.manage). Another tenant's building, or an id that is none, is a 404; what is typed
// wrong is said at its field (422), nothing changed.
import { Router, type Request, type Response } from 'express';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../platform/http/id-param.ts';
import { allow, can, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { currentNumbering } from '../account-numbers/account-numbers.service.ts';
import { buildingForm, newPremisesForm, openingBalances } from './buildings.form.ts';
import {
  buildingWithPremises,
  changeBuilding,
  createBuilding,
  findBuilding,
  listBuildings,
  type BuildingsDeps,
} from './buildings.service.ts';
import { createPremises, type PremisesRecordsDeps } from './premises-records.service.ts';

const NOTICES = ['created', 'changed', 'unchanged'] as const;

/** Whether the signed-in member of staff may add and change buildings and premises. */
export function mayManage(res: Response): boolean {
  const { actor, tenant } = staffContext(res);
  return can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, 'premises.manage');
}

export function buildingsRouter(deps: BuildingsDeps & PremisesRecordsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const manage = allow('premises.manage');

  router.get('/buildings', guard, allow('premises.view'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/housing/buildings', {
      title: res.locals.ctx.t('housingStaff:buildings.title'),
      buildings: await listBuildings(deps, staffContext(res)),
      mayManage: mayManage(res),
    });
  });

  // A new building, or a building's address corrected: one form.
  const renderBuildingForm = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const { t } = res.locals.ctx;
    res.setHeader('Cache-Control', 'no-store');
    if (req.params.id === undefined) {
      const locals = { title: t('housingStaff:building.newTitle'), building: undefined };
      return invalid
        ? renderInvalid(res, 'admin/housing/building-form', locals, invalid)
        : res.render('admin/housing/building-form', locals);
    }
    const building = await findBuilding(deps, staffContext(res), idParam(req));
    if (!building) throw new HttpError(404, 'no such building here');
    const locals = { title: t('housingStaff:building.editTitle'), building };
    if (invalid) return renderInvalid(res, 'admin/housing/building-form', locals, invalid);
    res.render('admin/housing/building-form', { ...locals, values: building });
  };
  const buildingChange = validate(buildingForm, (req, res, invalid) => renderBuildingForm(req, res, invalid));
  const sameAddress = (req: Request, res: Response) =>
    renderBuildingForm(req, res, {
      errors: [{ field: 'street', message: res.locals.ctx.t('housingStaff:building.sameAddress') }],
      values: buildingChange.data(res),
    });

  router.get('/buildings/new', guard, manage, (req, res) => renderBuildingForm(req, res));
  router.post('/buildings/new', guard, manage, buildingChange, async (req, res) => {
    const outcome = await createBuilding(deps, staffContext(res), buildingChange.data(res));
    if (outcome.kind === 'sameAddress') return sameAddress(req, res);
    res.redirect(303, res.locals.ctx.url(`/admin/buildings/${outcome.buildingId}?done=created`));
  });

  router.get('/buildings/:id', guard, allow('premises.view'), async (req, res) => {
    const building = await buildingWithPremises(deps, staffContext(res), idParam(req));
    if (!building) throw new HttpError(404, 'no such building here');
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/housing/building', {
      title: res.locals.ctx.t('housingStaff:building.title', { street: building.street, house: building.houseNumber }),
      building,
      mayManage: mayManage(res),
      notice: NOTICES.find((notice) => notice === req.query.done),
    });
  });

  router.get('/buildings/:id/edit', guard, manage, (req, res) => renderBuildingForm(req, res));
  router.post('/buildings/:id/edit', guard, manage, idInPath, buildingChange, async (req, res) => {
    const buildingId = idParam(req);
    const outcome = await changeBuilding(deps, staffContext(res), { buildingId, address: buildingChange.data(res) });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such building here');
    if (outcome.kind === 'sameAddress') return sameAddress(req, res);
    res.redirect(303, res.locals.ctx.url(`/admin/buildings/${buildingId}?done=${outcome.kind}`));
  });

  // A new premises in the building, with where its account number will come from.
  const renderPremisesForm = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const context = staffContext(res);
    const building = await findBuilding(deps, context, idParam(req));
    if (!building) throw new HttpError(404, 'no such building here');
    const { ctx } = res.locals;
    const locals = {
      title: ctx.t('housingStaff:premises.newTitle', { street: building.street, house: building.houseNumber }),
      building,
      numbering: await currentNumbering(deps, context),
    };
    res.setHeader('Cache-Control', 'no-store');
    if (invalid) return renderInvalid(res, 'admin/housing/premises-form', locals, invalid);
    const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
    res.render('admin/housing/premises-form', {
      ...locals,
      values: { kind: 'residential', persons: '0', openedOn: today },
    });
  };
  const newPremises = validate(newPremisesForm, (req, res, invalid) => renderPremisesForm(req, res, invalid));
  const refusePremises = (req: Request, res: Response, field: string, key: string) => {
    const message = res.locals.ctx.t(`housingStaff:premises.${key}`);
    // What was typed stays in the fields (each a string, as the form sends it).
    const typed = Object.entries((req.body ?? {}) as Record<string, unknown>);
    const values = Object.fromEntries(
      typed.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '_csrf'),
    );
    return renderPremisesForm(req, res, { errors: [{ field, message }], values });
  };

  router.get('/buildings/:id/premises/new', guard, manage, (req, res) => renderPremisesForm(req, res));
  router.post('/buildings/:id/premises/new', guard, manage, idInPath, newPremises, async (req, res) => {
    const form = newPremises.data(res);
    const outcome = await createPremises(deps, staffContext(res), {
      buildingId: idParam(req),
      kind: form.kind,
      number: form.number,
      code: form.code,
      areaHundredths: form.area,
      persons: form.persons,
      openedOn: form.openedOn,
      openingBalances: openingBalances(form),
    });
    switch (outcome.kind) {
      case 'notFound':
        throw new HttpError(404, 'no such building here');
      case 'created':
        return res.redirect(303, res.locals.ctx.url(`/admin/premises/${outcome.premisesId}?done=created`));
      case 'codeTaken':
        return refusePremises(req, res, 'code', 'codeTaken');
      case 'numberTaken':
        return refusePremises(req, res, 'number', 'numberTaken');
      default:
        // No account number to give: the summary leads to where the page says where they come from.
        return refusePremises(req, res, 'account-number', outcome.kind);
    }
  });

  return router;
}
