// The staff sign-in (issue #18): the password, then the second factor; signing out. Each POST
// is counted per IP, the password also per e-mail. The rules live in staff-sign-in.service.ts,
// the half-done state in pending.ts.
import { Router, type Request, type Response } from 'express';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import { byIp, limitRule, type Limit, type RateLimit } from '../../../platform/http/rate-limit.ts';
import type { KeyedHash } from '../../../platform/crypto/keyed-hash.ts';
import { visitorContext } from '../../../platform/service-context.ts';
import { signIn, signOut, userAgentOf } from '../../../platform/sessions/sign-in.ts';
import { sessionCookieName } from '../../../platform/sessions/tenant-sessions.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import type { StaffMember } from '../staff.repo.ts';
import { codeForm, safeAdminPath, staffSignInForm } from './sign-in.form.ts';
import { dropPending, pendingOf, startPending } from './pending.ts';
import {
  staffMemberForSignIn,
  verifySecondFactor,
  verifyStaffPassword,
  type StaffSignInDeps,
} from './staff-sign-in.service.ts';
import { totpRequired } from '../settings.ts';

export const DEFAULT_STAFF_SIGN_IN_LIMITS = {
  /** Staff sign-in forms (password, code, enrolment) posted from one IP. */
  staffSignInPerIp: { points: 30, durationSeconds: 15 * 60 },
  /** Passwords tried for one staff e-mail. */
  staffSignInPerEmail: { points: 10, durationSeconds: 15 * 60 },
  /** Passwords set from staff links, per IP. */
  staffLinkPerIp: { points: 20, durationSeconds: 15 * 60 },
} satisfies Record<string, Limit>;

export type StaffSignInLimitName = keyof typeof DEFAULT_STAFF_SIGN_IN_LIMITS;

export interface StaffSignInRouterDeps extends StaffSignInDeps {
  /** A production portal: TOTP is required whatever a tenant's setting says (settings.ts). */
  production: boolean;
  rateLimit: RateLimit;
  subjectHash: KeyedHash;
  secureCookies: boolean;
  limits: Record<StaffSignInLimitName, Limit>;
}

const noStore = (_req: Request, res: Response, next: () => void) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** The second factor proved: the session rotated into a signed-in one (the pending marker goes with the old). */
export async function startStaffSession(
  deps: Pick<StaffSignInDeps, 'clock'>,
  req: Request,
  res: Response,
  staff: StaffMember,
): Promise<void> {
  const user = { id: staff.id, name: staff.name ?? staff.email, kind: 'staff' as const };
  await signIn(req, tenantOf(res), { ...user, ip: req.ip ?? 'unknown', userAgent: userAgentOf(req) }, deps.clock);
}

/** Signed in, and on to the staff page asked for. */
async function completeStaffSignIn(
  deps: Pick<StaffSignInDeps, 'clock'>,
  req: Request,
  res: Response,
  staff: StaffMember,
  next: string | undefined,
): Promise<void> {
  await startStaffSession(deps, req, res, staff);
  res.redirect(303, res.locals.ctx.url(`/admin${next ?? '/'}`));
}

export function staffSignInRouter(deps: StaffSignInRouterDeps): Router {
  const router = Router();
  const t = (res: Response) => res.locals.ctx.t;
  const emailKey = (req: Request): string | undefined => {
    const value = (req.body as Record<string, unknown> | undefined)?.email;
    const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
    return email ? deps.subjectHash(`staff:${email}`) : undefined;
  };
  const perIp = limitRule('staff-sign-in:ip', deps.limits.staffSignInPerIp, byIp);
  const perEmail = limitRule('staff-sign-in:email', deps.limits.staffSignInPerEmail, emailKey);

  const renderSignIn = (res: Response, status: number, locals: Record<string, unknown> = {}) =>
    res
      .status(status)
      .render('admin/sign-in', { title: t(res)('admin:signIn.title'), signedOut: false, expired: false, ...locals });

  router.get('/sign-in', noStore, (req, res) => {
    if (req.session?.auth?.kind === 'staff') return res.redirect(303, res.locals.ctx.url('/admin/'));
    renderSignIn(res, 200, {
      next: safeAdminPath(req.query.next),
      signedOut: req.query.signedOut === '1',
      expired: req.query.expired === '1',
    });
  });

  const signInCheck = validate(staffSignInForm, (req, res, invalid) =>
    renderInvalid(
      res,
      'admin/sign-in',
      { title: t(res)('admin:signIn.title'), signedOut: false, expired: false, next: safeAdminPath(req.body?.next) },
      invalid,
    ),
  );
  router.post('/sign-in', noStore, deps.rateLimit(perIp, perEmail), signInCheck, async (req, res) => {
    const form = signInCheck.data(res);
    const outcome = await verifyStaffPassword(deps, visitorContext(res), form);
    if (outcome.kind === 'refused') {
      const errors = [{ field: 'password', message: t(res)('admin:signIn.refused') }];
      return renderSignIn(res, 401, { errors, values: { email: form.email }, next: form.next });
    }
    await startPending(req, tenantOf(res).id, outcome.staff.id, deps.clock, form.next);
    const { settings } = tenantOf(res);
    if (!outcome.staff.totpEnrolled && !totpRequired(settings, deps.production)) {
      return completeStaffSignIn(deps, req, res, outcome.staff, form.next);
    }
    res.redirect(303, res.locals.ctx.url(outcome.staff.totpEnrolled ? '/admin/sign-in/code' : '/admin/enrol'));
  });

  const renderCode = (res: Response, status: number, locals: Record<string, unknown> = {}) =>
    res.status(status).render('admin/code', { title: t(res)('admin:code.title'), ...locals });
  const startAgain = (res: Response) => res.redirect(303, res.locals.ctx.url('/admin/sign-in?expired=1'));

  router.get('/sign-in/code', noStore, async (req, res) => {
    const pending = pendingOf(req, deps.clock);
    if (!pending) return startAgain(res);
    const member = await staffMemberForSignIn(deps, visitorContext(res), pending.staffId);
    if (member?.status !== 'active') return startAgain(res);
    if (!member.totpEnrolled) return res.redirect(303, res.locals.ctx.url('/admin/enrol'));
    renderCode(res, 200);
  });

  const codeCheck = validate(codeForm, (_req, res, invalid) =>
    renderInvalid(res, 'admin/code', { title: t(res)('admin:code.title') }, invalid),
  );
  router.post('/sign-in/code', noStore, deps.rateLimit(perIp), codeCheck, async (req, res) => {
    const pending = pendingOf(req, deps.clock);
    if (!pending) return startAgain(res);
    const outcome = await verifySecondFactor(deps, visitorContext(res), {
      staffId: pending.staffId,
      code: codeCheck.data(res).code,
    });
    switch (outcome.kind) {
      case 'accepted':
        return completeStaffSignIn(deps, req, res, outcome.staff, pending.next);
      case 'notEnrolled':
        return res.redirect(303, res.locals.ctx.url('/admin/enrol'));
      case 'gone':
        dropPending(req);
        return startAgain(res);
      case 'locked': {
        const time = res.locals.ctx.fmt.dateTime(outcome.until);
        return renderCode(res, 429, { errors: [{ field: 'code', message: t(res)('admin:code.locked', { time }) }] });
      }
      default:
        return renderCode(res, 422, { errors: [{ field: 'code', message: t(res)(`admin:code.${outcome.kind}`) }] });
    }
  });

  router.post('/sign-out', async (req, res) => {
    const tenant = tenantOf(res);
    const { secureCookies } = deps;
    await signOut(req, res, { name: sessionCookieName(tenant, 'staff', secureCookies), secure: secureCookies });
    res.redirect(303, res.locals.ctx.url('/admin/sign-in?signedOut=1'));
  });

  return router;
}
