// The staff's links: the invitation (the first password) and the password reset. A password
// set from either counts as the first factor: the browser goes straight on to the second
// (enrolment for a new member, the code for one enrolled), without the password typed again.
// A dead link (unknown, expired, used, or its holder disabled) gets one friendly page.
import { Router, type Request, type Response } from 'express';
import { renderInvalid } from '../../../platform/http/forms.ts';
import { byIp, limitRule } from '../../../platform/http/rate-limit.ts';
import { visitorContext } from '../../../platform/service-context.ts';
import { newPasswordErrors, passwordRules } from '../../accounts/index.ts';
import { acceptInvitation, checkStaffLink, completePasswordReset } from '../staff-password.service.ts';
import type { StaffTokenPurpose } from '../staff-tokens.ts';
import type { StaffMember } from '../staff.repo.ts';
import { setPasswordForm } from './sign-in.form.ts';
import { startPending } from './pending.ts';
import type { StaffSignInRouterDeps } from './sign-in.routes.ts';

const STAFF_PASSWORD_SETTINGS = { policy: 'nist', collectsPesel: false } as const;

const PATHS: Readonly<Record<StaffTokenPurpose, string>> = {
  invitation: '/invitation',
  password_reset: '/password-reset',
};

const SET_PASSWORD: Readonly<Record<StaffTokenPurpose, typeof acceptInvitation>> = {
  invitation: acceptInvitation,
  password_reset: completePasswordReset,
};

export function staffLinksRouter(deps: StaffSignInRouterDeps): Router {
  const router = Router();
  const t = (res: Response) => res.locals.ctx.t;
  const perIp = limitRule('staff-link:ip', deps.limits.staffLinkPerIp, byIp);

  const renderDead = (res: Response) =>
    res.status(410).render('admin/link-problem', { title: t(res)('admin:link.deadTitle') });
  const formLocals = (res: Response, purpose: StaffTokenPurpose, staff: StaffMember, token: string) => ({
    title: t(res)(`admin:link.${purpose}.title`),
    purpose,
    member: { name: staff.name ?? staff.email, email: staff.email },
    rules: passwordRules(STAFF_PASSWORD_SETTINGS),
    token,
    formAction: res.locals.ctx.url(`/admin${PATHS[purpose]}?token=${encodeURIComponent(token)}`),
  });

  for (const purpose of ['invitation', 'password_reset'] as const) {
    router.get(PATHS[purpose], async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const link = await checkStaffLink(deps, visitorContext(res), { token, purpose });
      if (link.kind === 'problem') return renderDead(res);
      res.render('admin/set-password', formLocals(res, purpose, link.staff, token));
    });

    router.post(PATHS[purpose], deps.rateLimit(perIp), async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const context = visitorContext(res);
      const { token, password, passwordConfirmation } = setPasswordForm.parse(req.body ?? {});
      const link = await checkStaffLink(deps, context, { token, purpose });
      if (link.kind === 'problem') return renderDead(res);
      const personal = { email: link.staff.email, firstName: link.staff.name ?? undefined };
      const errors = await newPasswordErrors(
        t(res),
        { password, passwordConfirmation },
        { ...STAFF_PASSWORD_SETTINGS, personal },
      );
      const invalid = (fieldErrors: typeof errors) =>
        renderInvalid(res, 'admin/set-password', formLocals(res, purpose, link.staff, token), {
          errors: fieldErrors,
          values: {},
        });
      if (errors.length > 0) return invalid(errors);
      const outcome = await SET_PASSWORD[purpose](deps, context, { token, password });
      if (outcome.kind === 'problem') return renderDead(res);
      if (outcome.kind === 'weakPassword') {
        return invalid(
          outcome.problems.map((problem) => ({
            field: 'password',
            message: t(res)(problem.key, problem.values ?? {}),
          })),
        );
      }
      await startPending(req, context.tenant.id, outcome.staffId, deps.clock);
      const enrolled = link.staff.totpEnrolled;
      res.redirect(303, res.locals.ctx.url(enrolled ? '/admin/sign-in/code' : '/admin/enrol'));
    });
  }

  return router;
}
