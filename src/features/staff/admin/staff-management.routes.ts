// /admin/staff: a manager runs the tenant's staff (issue #18). The list, the invitation (the
// link mailed in the transaction that creates the member), a new role, disabling (after a
// confirmation page, since it ends the member's sessions at once), a new password link and a
// TOTP reset. Each POST answers the service's outcome: done, a redirect to the list with what
// happened; refused by a rule (the last manager, a disabled member), the list again with why,
// 409; forbidden, 403; a member not of this tenant, or an id that is no UUID, 404.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Clock } from '../../../lib/clock.ts';
import { renderInvalid, validate, type FieldError } from '../../../platform/http/forms.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import { can } from '../policy.ts';
import { changeRole, createStaff, disableStaff, issuePasswordLink, listStaff, resetTotp } from '../staff.service.ts';
import type { StaffMember } from '../staff.repo.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from './guards.ts';
import { disableForm, inviteForm, roleForm, staffIdParam } from './staff-management.form.ts';

export interface StaffPagesDeps extends GuardDeps {
  clock: Clock;
  outbox: MailOutbox;
}

/** What the list says after a change, by the `done` the redirect carries. */
export const STAFF_NOTICES = [
  'invited',
  'invitedNotMailed',
  'roleChanged',
  'roleUnchanged',
  'disabled',
  'alreadyDisabled',
  'passwordLinkMailed',
  'invitationMailed',
  'linkNotMailed',
  'totpReset',
] as const;
type StaffNotice = (typeof STAFF_NOTICES)[number];

/** Why a change was refused, shown on the list with a 409. */
type StaffProblem = 'lastManager' | 'memberDisabled' | 'invalidRole';

type Outcome = { kind: string };

/** The outcomes every service on a member shares: forbidden and notFound are errors, not pages. */
function refuseOrProblem(outcome: Outcome): StaffProblem | undefined {
  if (outcome.kind === 'forbidden') throw new HttpError(403, 'the policy refused the staff change');
  if (outcome.kind === 'notFound') throw new HttpError(404, 'no such member of staff here');
  if (outcome.kind === 'lastManager') return 'lastManager';
  if (outcome.kind === 'disabled') return 'memberDisabled';
  return undefined;
}

/** The id a path names, or a 404: never a query with what is not a UUID. */
function memberId(req: Request): string {
  const id = staffIdParam(req.params.id);
  if (!id) throw new HttpError(404, 'not a staff id');
  return id;
}

/** In the chain before a form's check: a path with no member's id is a 404, whatever was posted. */
const memberPath: RequestHandler = (req, _res, next) => {
  memberId(req);
  next();
};

export function staffManagementRouter(deps: StaffPagesDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const members = async (res: Response): Promise<StaffMember[]> => {
    const listed = await listStaff(deps, staffContext(res));
    if (listed.kind === 'forbidden') throw new HttpError(403, 'the policy refused the staff list');
    return listed.staff;
  };

  const renderList = async (res: Response, status: number, shown: { notice?: StaffNotice; problem?: StaffProblem }) => {
    const { actor, tenant } = staffContext(res);
    const policyActor = { tenantId: tenant.id, staffId: actor.staffId, role: actor.role };
    res.status(status).render('admin/staff/list', {
      title: res.locals.ctx.t('adminStaff:list.title'),
      staff: await members(res),
      mayInvite: can(policyActor, 'staff.invite'),
      notice: shown.notice,
      problem: shown.problem,
    });
  };

  /** After a change: the list with its notice (post/redirect/get), or again with the problem. */
  const answer = async (res: Response, problem: StaffProblem | undefined, notice: StaffNotice) => {
    if (problem) return renderList(res, 409, { problem });
    res.redirect(303, res.locals.ctx.url(`/admin/staff?done=${notice}`));
  };

  router.get('/staff', guard, allow('staff.list'), async (req, res) => {
    const done = STAFF_NOTICES.find((notice) => notice === req.query.done);
    await renderList(res, 200, done ? { notice: done } : {});
  });

  const renderInvite = (res: Response, invalid?: { errors: FieldError[]; values: Record<string, string> }) => {
    const locals = { title: res.locals.ctx.t('adminStaff:invite.title') };
    if (invalid) return renderInvalid(res, 'admin/staff/invite', locals, invalid);
    res.render('admin/staff/invite', { ...locals, values: { locale: res.locals.ctx.locale, role: 'clerk' } });
  };
  router.get('/staff/invite', guard, allow('staff.invite'), (_req, res) => renderInvite(res));

  const invite = validate(inviteForm, (_req, res, invalid) => renderInvite(res, invalid));
  router.post('/staff/invite', guard, allow('staff.invite'), invite, async (req, res) => {
    const { email, name, role, locale } = invite.data(res);
    const created = await createStaff(deps, staffContext(res), { email, name, role, mailIn: locale });
    if (created.kind === 'forbidden') throw new HttpError(403, 'the policy refused the invitation');
    if (created.kind === 'emailTaken') {
      const errors = [{ field: 'email', message: res.locals.ctx.t('adminStaff:invite.emailTaken') }];
      return renderInvite(res, { errors, values: { email, name: name ?? '', role, locale } });
    }
    res.redirect(303, res.locals.ctx.url(`/admin/staff?done=${created.mailed ? 'invited' : 'invitedNotMailed'}`));
  });

  // Only a tampered form sends another role: the list again, saying so.
  const role = validate(roleForm, (_req, res) => renderList(res, 422, { problem: 'invalidRole' }));
  router.post('/staff/:id/role', guard, allow('staff.changeRole'), memberPath, role, async (req, res) => {
    const changed = await changeRole(deps, staffContext(res), { staffId: memberId(req), role: role.data(res).role });
    await answer(res, refuseOrProblem(changed), changed.kind === 'unchanged' ? 'roleUnchanged' : 'roleChanged');
  });

  const renderDisable = async (req: Request, res: Response, invalid?: { errors: FieldError[] }) => {
    const id = memberId(req);
    const member = (await members(res)).find((candidate) => candidate.id === id);
    if (!member) throw new HttpError(404, 'no such member of staff here');
    const locals = { title: res.locals.ctx.t('adminStaff:disable.title'), member };
    if (invalid) return renderInvalid(res, 'admin/staff/disable', locals, { errors: invalid.errors, values: {} });
    res.render('admin/staff/disable', locals);
  };
  router.get('/staff/:id/disable', guard, allow('staff.disable'), (req, res) => renderDisable(req, res));

  const disable = validate(disableForm, (req, res, invalid) => renderDisable(req, res, invalid));
  router.post('/staff/:id/disable', guard, allow('staff.disable'), memberPath, disable, async (req, res) => {
    const disabled = await disableStaff(deps, staffContext(res), { staffId: memberId(req) });
    // Here 'disabled' is the outcome asked for, not a refusal.
    if (disabled.kind === 'disabled' || disabled.kind === 'alreadyDisabled')
      return answer(res, undefined, disabled.kind);
    await answer(res, refuseOrProblem(disabled), 'disabled');
  });

  // These two are a button each: the CSRF check before the router is all there is to read.
  router.post('/staff/:id/reset-password', guard, allow('staff.resetPassword'), async (req, res) => {
    const mailIn = res.locals.ctx.locale;
    const issued = await issuePasswordLink(deps, staffContext(res), { staffId: memberId(req), mailIn });
    const problem = refuseOrProblem(issued);
    if (issued.kind !== 'issued') return answer(res, problem, 'linkNotMailed');
    const sent = issued.purpose === 'invitation' ? 'invitationMailed' : 'passwordLinkMailed';
    await answer(res, undefined, issued.mailed ? sent : 'linkNotMailed');
  });

  router.post('/staff/:id/reset-totp', guard, allow('staff.resetTotp'), async (req, res) => {
    const reset = await resetTotp(deps, staffContext(res), { staffId: memberId(req) });
    await answer(res, refuseOrProblem(reset), 'totpReset');
  });

  return router;
}
