// Enrolling the second factor at the first sign-in (or after a TOTP reset): the secret as an
// inline SVG QR code (the CSP allows no data: image) and as text, a code to prove the app
// holds it; then the ten recovery codes, shown once.
import { Router, type Request, type Response } from 'express';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import { byIp, limitRule } from '../../../platform/http/rate-limit.ts';
import { newTotpSecret, totpUri } from '../../../platform/crypto/totp.ts';
import { qrCode } from '../../../platform/crypto/qr-svg.ts';
import { visitorContext } from '../../../platform/service-context.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { requireStaff } from '../admin/guards.ts';
import type { StaffMember } from '../staff.repo.ts';
import { codeForm } from './sign-in.form.ts';
import { saveSession } from '../../../platform/sessions/sign-in.ts';
import { pendingOf } from './pending.ts';
import { enrolTotp, staffMemberForSignIn } from './staff-sign-in.service.ts';
import { startStaffSession, type StaffSignInRouterDeps } from './sign-in.routes.ts';

const enrolmentContext = (tenantId: string, staffId: string) => `staff.totp_enrolment:${tenantId}:${staffId}`;
const recoveryContext = (tenantId: string, staffId: string) => `staff.recovery_codes:${tenantId}:${staffId}`;

/** The secret in groups of four, as people read it out and type it. */
export const secretGroups = (secret: string): string[] => secret.match(/.{1,4}/g) ?? [];

export function enrolmentRouter(deps: StaffSignInRouterDeps): Router {
  const router = Router();
  const t = (res: Response) => res.locals.ctx.t;
  const startAgain = (res: Response) => res.redirect(303, res.locals.ctx.url('/admin/sign-in?expired=1'));

  /** The pending member who has yet to enrol, and the secret offered to them (made once, kept sealed in the session). */
  async function enrolling(req: Request, res: Response) {
    const pending = pendingOf(req, deps.clock);
    if (!pending) return undefined;
    const member = await staffMemberForSignIn(deps, visitorContext(res), pending.staffId);
    if (member?.status !== 'active') return undefined;
    const context = enrolmentContext(tenantOf(res).id, member.id);
    if (!pending.enrolSecret) {
      pending.enrolSecret = deps.sealedBox.seal(newTotpSecret(), context).toString('base64url');
      await saveSession(req);
    }
    return { pending, member, secret: deps.sealedBox.open(Buffer.from(pending.enrolSecret, 'base64url'), context) };
  }

  const enrolLocals = (res: Response, member: StaffMember, secret: string) => {
    const tenant = tenantOf(res);
    const uri = totpUri({ issuer: tenant.name, account: member.email, secret });
    return {
      title: t(res)('admin:enrol.title'),
      qr: qrCode(uri),
      secretGroups: secretGroups(secret),
      member: { email: member.email },
    };
  };

  router.get('/enrol', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const found = await enrolling(req, res);
    if (!found) return startAgain(res);
    if (found.member.totpEnrolled) return res.redirect(303, res.locals.ctx.url('/admin/sign-in/code'));
    res.render('admin/enrol', enrolLocals(res, found.member, found.secret));
  });

  const codeCheck = validate(codeForm, async (req, res, invalid) => {
    const found = await enrolling(req, res);
    if (!found) return startAgain(res);
    renderInvalid(res, 'admin/enrol', enrolLocals(res, found.member, found.secret), invalid);
  });
  router.post(
    '/enrol',
    deps.rateLimit(limitRule('staff-sign-in:ip', deps.limits.staffSignInPerIp, byIp)),
    codeCheck,
    async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      const found = await enrolling(req, res);
      if (!found) return startAgain(res);
      const { member, secret } = found;
      const context = visitorContext(res);
      const outcome = await enrolTotp(deps, context, { staffId: member.id, secret, code: codeCheck.data(res).code });
      if (outcome.kind === 'gone') return startAgain(res);
      if (outcome.kind === 'alreadyEnrolled') return res.redirect(303, res.locals.ctx.url('/admin/sign-in/code'));
      if (outcome.kind !== 'enrolled') {
        const errors = [{ field: 'code', message: t(res)(`admin:enrol.${outcome.kind}`) }];
        return res.status(422).render('admin/enrol', { ...enrolLocals(res, member, secret), errors });
      }
      await signInEnrolled(req, res, outcome.staff, outcome.recoveryCodes);
    },
  );

  /** Enrolled: signed in, the codes sealed in the new session until the next page shows them, once. */
  async function signInEnrolled(req: Request, res: Response, staff: StaffMember, codes: string[]) {
    await startStaffSession(deps, req, res, staff);
    const sealed = deps.sealedBox.seal(JSON.stringify(codes), recoveryContext(tenantOf(res).id, staff.id));
    req.session.staffRecoveryCodes = sealed.toString('base64url');
    await saveSession(req);
    res.redirect(303, res.locals.ctx.url('/admin/enrol/recovery-codes'));
  }

  router.get('/enrol/recovery-codes', requireStaff(deps), (req, res) => {
    const sealed = req.session.staffRecoveryCodes;
    if (!sealed) return res.redirect(303, res.locals.ctx.url('/admin/'));
    delete req.session.staffRecoveryCodes;
    const staffId = req.session.auth!.userId;
    const codes = JSON.parse(
      deps.sealedBox.open(Buffer.from(sealed, 'base64url'), recoveryContext(tenantOf(res).id, staffId)),
    ) as string[];
    res.render('admin/recovery-codes', { title: t(res)('admin:recovery.title'), recoveryCodes: codes });
  });

  return router;
}
