// "Forgot password" pages (issue #6): asking for a link (one answer for every identifier), and
// the link's new-password form. The handlers read the form, call one service function and
// render or redirect; the rules live in password-reset.service.ts.
import { Router, type Request, type Response } from 'express';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import { privatePage } from '../../../platform/http/private-page.ts';
import { byIp, limitRule, type Limit, type RateLimit } from '../../../platform/http/rate-limit.ts';
import type { KeyedHash } from '../../../platform/crypto/keyed-hash.ts';
import { personalDataOf, type ClientProfile } from '../clients/client-profile.ts';
import { newPasswordErrors } from '../clients/new-password.ts';
import { passwordRules, passwordSettingsOf } from '../clients/password-policy.ts';
import { forgotPasswordForm, resetPasswordForm } from './password-reset.form.ts';
import {
  checkResetLink,
  requestPasswordReset,
  resetPassword,
  type PasswordResetDeps,
} from './password-reset.service.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { serviceContext } from '../../../platform/service-context.ts';

/** How often the forms may be sent: asking for a link per IP and per identifier, and setting the password per IP. */
export interface PasswordResetLimits {
  requestPerIp: Limit;
  requestPerIdentifier: Limit;
  resetPerIp: Limit;
}

const HOUR = 60 * 60;
export const DEFAULT_PASSWORD_RESET_LIMITS: PasswordResetLimits = {
  requestPerIp: { points: 20, durationSeconds: HOUR },
  // The reset mail's own throttle sends five a day per address; more would only be held back.
  requestPerIdentifier: { points: 10, durationSeconds: 24 * HOUR },
  // Each attempt hashes a password (argon2): bounded like the activation form.
  resetPerIp: { points: 30, durationSeconds: HOUR },
};

export interface PasswordResetRouterDeps extends PasswordResetDeps {
  rateLimit: RateLimit;
  /** Keys identifiers in rate-limit counters, never stored as typed. */
  identifierHash: KeyedHash;
  limits?: Partial<PasswordResetLimits> | undefined;
}

const RESET_VIEW = 'password-reset/reset';

export function passwordResetRouter(deps: PasswordResetRouterDeps): Router {
  const limits = { ...DEFAULT_PASSWORD_RESET_LIMITS, ...deps.limits };
  const identifierKey = (req: Request): string | undefined => {
    const value = (req.body as Record<string, unknown> | undefined)?.identifier;
    const identifier = typeof value === 'string' ? value.trim().toLowerCase() : '';
    return identifier ? deps.identifierHash(identifier) : undefined;
  };

  const router = Router();
  const t = (res: Response) => res.locals.ctx.t;
  const passwordSettings = (res: Response) => passwordSettingsOf(tenantOf(res).settings);
  const resetLocals = (res: Response, client: ClientProfile, token: string) => ({
    title: t(res)('passwordReset:reset.title'),
    client: { firstName: client.firstName, email: client.email, login: client.login },
    rules: passwordRules(passwordSettings(res)),
    token,
  });
  // Expired, used, replaced and unknown links get one page: the way on is the same.
  const renderLinkProblem = (res: Response) =>
    res.status(410).render('password-reset/link-problem', { title: t(res)('passwordReset:linkProblem.title') });

  router.get('/forgot-password', (_req, res) => {
    res.render('password-reset/forgot', { title: t(res)('passwordReset:forgot.title') });
  });

  const forgotPassword = validate(forgotPasswordForm, (_req, res, invalid) =>
    renderInvalid(res, 'password-reset/forgot', { title: t(res)('passwordReset:forgot.title') }, invalid),
  );
  router.post(
    '/forgot-password',
    privatePage,
    deps.rateLimit(
      limitRule('password-reset:ip', limits.requestPerIp, byIp),
      limitRule('password-reset:identifier', limits.requestPerIdentifier, identifierKey),
    ),
    forgotPassword,
    async (_req, res) => {
      await requestPasswordReset(deps, serviceContext(res), forgotPassword.data(res).identifier);
      res.redirect(303, res.locals.ctx.url('/forgot-password/sent'));
    },
  );

  router.get('/forgot-password/sent', (_req, res) => {
    res.render('password-reset/sent', { title: t(res)('passwordReset:sent.title') });
  });

  router.get('/reset-password', privatePage, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const link = await checkResetLink(deps, serviceContext(res), token);
    if ('problem' in link) return renderLinkProblem(res);
    res.render(RESET_VIEW, resetLocals(res, link.client, token));
  });

  router.post(
    '/reset-password',
    privatePage,
    deps.rateLimit(limitRule('password-reset-set:ip', limits.resetPerIp, byIp)),
    async (req, res) => {
      const { ctx } = res.locals;
      const context = serviceContext(res);
      const { token, password, passwordConfirmation } = resetPasswordForm.parse(req.body ?? {});
      const link = await checkResetLink(deps, context, token);
      if ('problem' in link) return renderLinkProblem(res);
      const personal = personalDataOf(link.client);
      const errors = await newPasswordErrors(
        ctx.t,
        { password, passwordConfirmation },
        { ...passwordSettings(res), personal },
      );
      if (errors.length > 0) {
        return renderInvalid(res, RESET_VIEW, resetLocals(res, link.client, token), { errors, values: {} });
      }

      const outcome = await resetPassword(deps, context, { token, password });
      if ('problem' in outcome) return renderLinkProblem(res);
      // Every session of the account has ended, this browser's too: sign in afresh.
      res.redirect(303, ctx.url('/sign-in?reset=1'));
    },
  );

  return router;
}
