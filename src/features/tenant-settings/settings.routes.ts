// /admin/settings: the tenant's settings, a manager's alone (the policy's settings.edit). The
// overview links the groups; each group is a page with one form, saved by a POST to the same
// path: a redirect with a notice when saved, 422 with the field errors and what was typed,
// 409 with what another manager changed meanwhile. The branding form can also be previewed
// (its colours measured and drawn) without saving, by a second button: no script needed.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../platform/http/errors.ts';
import { AVAILABLE_MODULES, MODULES } from '../../platform/tenancy/tenant.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { choicesOf, GROUPS, type SettingsGroup } from './groups.ts';
import { measuredPairs } from './brand-contrast.ts';
import {
  saveSettingsGroup,
  settingsGroupOf,
  type ChangedMeanwhile,
  type GroupValues,
  type SettingsDeps,
} from './settings.service.ts';

/** How the form shows a value: the strings a browser would send back. */
function shownValues(group: SettingsGroup, values: GroupValues): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const field of group.fields) {
    const value = values[field.name];
    if (field.kind === 'switch') shown[field.name] = value === true ? 'yes' : '';
    else if (Array.isArray(value)) shown[field.name] = value.join(' ');
    else shown[field.name] = value === undefined || value === null ? '' : String(value);
  }
  return shown;
}

interface GroupPage {
  values: Record<string, string>;
  /** The group's values now: a module this version lacks is shown as they have it. */
  now: GroupValues;
  seen: string;
  errors?: { field: string; message: string }[];
  changed?: ChangedMeanwhile[];
  notice?: 'saved' | 'unchanged';
  preview?: boolean;
}

export function settingsRouter(deps: SettingsDeps & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('settings.edit')];

  router.get('/settings', ...guard, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { modules } = staffContext(res).tenant;
    const groups = Object.values(GROUPS).filter((group) => !group.module || modules.includes(group.module));
    res.render('admin/settings/index', {
      title: res.locals.ctx.t('adminSettings:title'),
      groups: groups.map((group) => group.name),
    });
  });

  const render = (res: Response, group: SettingsGroup, page: GroupPage, status = 200) => {
    const { t } = res.locals.ctx;
    const ticked = page.values.modules?.split(' ') ?? [];
    const announced = Array.isArray(page.now.modules) ? (page.now.modules as string[]) : [];
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('admin/settings/group', {
      title: t(`adminSettings:groups.${group.name}.title`),
      group: {
        name: group.name,
        fields: group.fields.map((field) => ({
          ...field,
          choices: field.kind === 'choice' ? choicesOf(deps.registry.settingsSchema, field.path.slice(1)) : [],
        })),
      },
      ...page,
      errors: page.errors ?? [],
      changed: page.changed ?? [],
      production: deps.production,
      // A module this version lacks is the operator's to announce: shown as it is, not changed here.
      modules: MODULES.map((module) => {
        const available = AVAILABLE_MODULES.has(module);
        return { module, available, enabled: (available ? ticked : announced).includes(module) };
      }),
      pairs: group.name === 'branding' ? measuredPairs(page.values) : [],
    });
  };

  const show = async (req: Request, res: Response, group: SettingsGroup) => {
    const current = await settingsGroupOf(deps, staffContext(res), group);
    if (!current) throw new HttpError(404, 'tenant gone');
    const notice = req.query.done === 'saved' || req.query.done === 'unchanged' ? req.query.done : undefined;
    render(res, group, { values: shownValues(group, current.values), now: current.values, seen: current.seen, notice });
  };

  for (const group of Object.values(GROUPS)) {
    const path = `/settings/${group.name}`;
    router.get(path, ...guard, (req, res) => show(req, res, group));
    router.post(path, ...guard, async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { ctx } = res.locals;
      const outcome = await saveSettingsGroup(deps, staffContext(res), group, body, ctx);
      switch (outcome.kind) {
        case 'gone':
          throw new HttpError(404, 'tenant gone');
        case 'saved':
        case 'unchanged':
          return res.redirect(303, ctx.url(`/admin${path}?done=${outcome.kind}`));
        case 'invalid':
          return render(res, group, { ...outcome.invalid, now: outcome.now, seen: outcome.seen }, 422);
        case 'stale': {
          // What was typed stays in the fields, over the values of now: saving again is a choice made knowingly.
          const typed = Object.fromEntries(group.fields.map((field) => [field.name, body[field.name]]));
          const values = { ...shownValues(group, outcome.now), ...typedStrings(typed) };
          return render(res, group, { values, now: outcome.now, seen: outcome.seen, changed: outcome.changed }, 409);
        }
      }
    });
  }

  // The branding as typed, measured and drawn, and nothing saved.
  router.post('/settings/branding/preview', ...guard, async (req, res) => {
    const current = await settingsGroupOf(deps, staffContext(res), GROUPS.branding);
    if (!current) throw new HttpError(404, 'tenant gone');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = Object.fromEntries(GROUPS.branding.fields.map((field) => [field.name, body[field.name]]));
    const seen = typeof body.seen === 'string' ? body.seen : current.seen;
    render(res, GROUPS.branding, { values: typedStrings(typed), now: current.values, seen, preview: true });
  });

  return router;
}

/** The fields' posted strings; a box left unticked sends nothing, and shows unticked. */
function typedStrings(typed: Record<string, unknown>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(typed)) {
    if (typeof value === 'string') strings[name] = value;
    else if (Array.isArray(value)) strings[name] = value.map(String).join(' ');
    else strings[name] = '';
  }
  return strings;
}
