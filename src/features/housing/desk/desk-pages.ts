// What the staff's pages of a premises' records share (fees, allowances, settlements, meters):
// each shows the premises' rows and a form to those who may send it (the route itself is
// guarded by allow()), renders again with the errors at their fields when the form or the
// service refuses it (422, what was typed put back), and is a 404 for a premises that is not
// the tenant's or an id that is none.
import type { Request, Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { can, staffContext, type StaffAction, type StaffContext } from '../../staff/index.ts';
import type { Premises } from '../housing.types.ts';

export interface DeskPage {
  premises: Premises;
  today: string;
}

export interface DeskPageSpec<P extends DeskPage> {
  view: string;
  /** The page's title, an i18n key given the premises' code. */
  titleKey: string;
  load: (context: StaffContext, premisesId: string) => Promise<P | undefined>;
  /** The action the page's form sends: its form is shown to those who may take it. */
  action: StaffAction;
  /** What the page may say after a change, by the `done` its redirect carries. */
  notices: readonly string[];
  /** The form's fields as a blank form shows them (the days, today). */
  blank?: (page: P) => Record<string, string>;
}

export const premisesNotFound = (): HttpError => new HttpError(404, 'no such premises here');

export function deskPage<P extends DeskPage>(spec: DeskPageSpec<P>) {
  const render = async (req: Request, res: Response, invalid?: InvalidFormResult): Promise<void> => {
    const context = staffContext(res);
    const page = await spec.load(context, idParam(req));
    if (!page) throw premisesNotFound();
    res.setHeader('Cache-Control', 'no-store');
    const { actor, tenant } = context;
    const locals = {
      title: res.locals.ctx.t(spec.titleKey, { code: page.premises.code }),
      page,
      mayChange: can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, spec.action),
      notice: spec.notices.find((notice) => notice === req.query.done),
    };
    if (invalid) return renderInvalid(res, spec.view, locals, invalid);
    res.render(spec.view, { ...locals, values: spec.blank?.(page) ?? {} });
  };
  /** The page again with the service's refusal at the field it is about. */
  const refuse = (req: Request, res: Response, field: string, message: string): Promise<void> =>
    render(req, res, { errors: [{ field, message }], values: typedValues(req.body) });
  /** After a change: the page, saying what was done. */
  const done = (res: Response, premisesId: string, path: string, notice: string): void =>
    res.redirect(303, res.locals.ctx.url(`/admin/premises/${premisesId}/${path}?done=${notice}`));
  return { render, refuse, done };
}

/** The form's fields as typed (strings only, the CSRF token left out). */
function typedValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && field !== '_csrf') values[field] = value;
  }
  return values;
}
