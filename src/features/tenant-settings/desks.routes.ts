// /admin/settings/desks: the tenant's front desks, as a manager keeps them (issue #19): the
// list, a desk added, a desk changed with its opening hours (409 when another manager changed
// it meanwhile), a desk removed after a page that asks. A desk of another tenant, or an id
// that is no UUID, is a 404.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { deskForm, WEEKDAYS } from './desk.form.ts';
import {
  addFrontDesk,
  changeFrontDesk,
  frontDeskForm,
  frontDesksOfTenant,
  removeFrontDesk,
  type DeskValues,
} from './desks.service.ts';
import type { ChangedMeanwhile, SettingsDeps } from './settings.service.ts';
import { idInPath, idParam } from '../../platform/http/id-param.ts';

const DESK_NOTICES = ['created', 'saved', 'unchanged', 'removed'] as const;

interface DeskPage {
  id?: string;
  values: DeskValues;
  seen?: string;
  changed?: ChangedMeanwhile[];
}

export function desksRouter(deps: SettingsDeps & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('settings.edit')];
  const base = '/settings/desks';

  router.get(base, ...guard, async (req, res) => {
    const desks = await frontDesksOfTenant(deps, staffContext(res));
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/settings/desks', {
      title: res.locals.ctx.t('adminSettings:desks.title'),
      desks,
      notice: DESK_NOTICES.find((notice) => notice === req.query.done),
    });
  });

  const render = (res: Response, page: DeskPage, status = 200, invalid?: InvalidFormResult) => {
    const locals = {
      title: res.locals.ctx.t(page.id ? 'adminSettings:desks.editTitle' : 'adminSettings:desks.newTitle'),
      desk: { id: page.id, weekdays: WEEKDAYS },
      seen: page.seen ?? '',
      changed: page.changed ?? [],
      values: page.values,
    };
    res.setHeader('Cache-Control', 'no-store');
    if (invalid) return renderInvalid(res, 'admin/settings/desk', locals, invalid);
    res.status(status).render('admin/settings/desk', locals);
  };
  /** The 422 page: the errors, what was typed, and the token of the desk as it was shown. */
  const invalidDesk = (req: Request, res: Response, invalid: InvalidFormResult) => {
    const id = req.params.id === undefined ? undefined : idParam(req);
    const seen = typeof req.body?.seen === 'string' ? req.body.seen : undefined;
    render(res, { id, values: invalid.values, seen }, 422, invalid);
  };
  const desk = validate(deskForm, invalidDesk);

  router.get(`${base}/new`, ...guard, (_req, res) => render(res, { values: {} }));
  router.post(`${base}/new`, ...guard, desk, async (_req, res) => {
    await addFrontDesk(deps, staffContext(res), desk.data(res));
    res.redirect(303, res.locals.ctx.url(`/admin${base}?done=created`));
  });

  router.get(`${base}/:id`, ...guard, async (req, res) => {
    const id = idParam(req);
    const shown = await frontDeskForm(deps, staffContext(res), id);
    if (!shown) throw new HttpError(404, 'no such desk here');
    render(res, { id, ...shown });
  });
  router.post(`${base}/:id`, ...guard, idInPath, desk, async (req, res) => {
    const id = idParam(req);
    const outcome = await changeFrontDesk(deps, staffContext(res), { id, input: desk.data(res), seen: req.body.seen });
    if (outcome.kind === 'gone') throw new HttpError(404, 'no such desk here');
    if (outcome.kind !== 'stale') return res.redirect(303, res.locals.ctx.url(`/admin${base}?done=${outcome.kind}`));
    const typed = Object.fromEntries(Object.keys(outcome.now).map((field) => [field, String(req.body[field] ?? '')]));
    render(res, { id, values: typed, seen: outcome.seen, changed: outcome.changed }, 409);
  });

  router.get(`${base}/:id/removal`, ...guard, async (req, res) => {
    const id = idParam(req);
    const shown = await frontDeskForm(deps, staffContext(res), id);
    if (!shown) throw new HttpError(404, 'no such desk here');
    res.render('admin/settings/desk-removal', {
      title: res.locals.ctx.t('adminSettings:desks.removeTitle', { name: shown.values.name }),
      desk: { id },
    });
  });
  router.post(`${base}/:id/removal`, ...guard, async (req, res) => {
    if (!(await removeFrontDesk(deps, staffContext(res), idParam(req)))) throw new HttpError(404, 'no such desk here');
    res.redirect(303, res.locals.ctx.url(`/admin${base}?done=removed`));
  });

  return router;
}
