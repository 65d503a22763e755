// Self-registration pages (issue #5): the form, "check your mailbox", the front-desk answer,
// "didn't get the link?", and the activation link's set-password form. Every page is a 404
// at a tenant without self-registration. The handlers read the form, call one service
// function and render or redirect; the rules live in the services.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { byIp, limitRule, type Limit, type RateLimit } from '../../../platform/http/rate-limit.ts';
import type { KeyedHash } from '../../../platform/crypto/keyed-hash.ts';
import { passwordRules, passwordSettingsOf } from '../clients/password-policy.ts';
import { newPasswordErrors } from '../clients/new-password.ts';
import { frontDesksAt } from '../../portal/index.ts';
import { activateAccount, checkActivationLink, resendActivationLink } from './activation.service.ts';
import { activationForm, registrationForm, resendForm } from './registration.form.ts';
import { registerClient, type RegistrationDeps } from './registration.service.ts';
import { privatePage } from '../../../platform/http/private-page.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { serviceContext } from '../../../platform/service-context.ts';

/** How often each form may be sent: per IP, and per subject (a keyed hash of the PESEL or e-mail). */
export interface RegistrationLimits {
  registerPerIp: Limit;
  registerPerPesel: Limit;
  resendPerIp: Limit;
  resendPerEmail: Limit;
  activatePerIp: Limit;
}

const HOUR = 60 * 60;
export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = {
  registerPerIp: { points: 10, durationSeconds: HOUR },
  registerPerPesel: { points: 5, durationSeconds: 24 * HOUR },
  resendPerIp: { points: 10, durationSeconds: HOUR },
  // The activation mail's own throttle holds five a day per address; more only void links.
  resendPerEmail: { points: 5, durationSeconds: 24 * HOUR },
  activatePerIp: { points: 30, durationSeconds: HOUR },
};

export interface RegistrationRouterDeps extends RegistrationDeps {
  rateLimit: RateLimit;
  /** Keys e-mail addresses in rate-limit counters (src/platform/crypto/keyed-hash.ts). */
  emailHash: KeyedHash;
  limits?: Partial<RegistrationLimits>;
}

const fieldOf = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : undefined;
};

const selfRegistrationOnly: RequestHandler = (_req, res, next) =>
  tenantOf(res).settings.selfRegistration ? next() : next(notFound());

export function registrationRouter(deps: RegistrationRouterDeps): Router {
  const { rateLimit } = deps;
  const limits = { ...DEFAULT_REGISTRATION_LIMITS, ...deps.limits };
  // Never the PESEL itself in a counter's key: its blind index under a purpose of its own.
  const peselKey = (req: Request): string | undefined => {
    const pesel = fieldOf(req, 'pesel');
    return pesel && /^[0-9]{11}$/.test(pesel)
      ? deps.nationalIds.blindIndex('rate-limit:registration', pesel).toString('base64url')
      : undefined;
  };
  const emailKey = (req: Request): string | undefined => {
    const email = fieldOf(req, 'email')?.toLowerCase();
    return email ? deps.emailHash(email) : undefined;
  };

  const router = Router();
  const t = (res: Response) => res.locals.ctx.t;

  const renderFrontDesk = async (res: Response, reason: 'pesel_registered' | 'too_young') => {
    const desks = await frontDesksAt(deps, serviceContext(res), deps.clock.now());
    res.render('registration/front-desk', { title: t(res)('registration:frontDesk.title'), reason, desks });
  };

  router.get('/register', selfRegistrationOnly, (_req, res) => {
    res.render('registration/register', { title: t(res)('registration:register.title') });
  });

  // Each tenant's form has the fields its settings call for (PESEL or not).
  const registration = validate(
    (_req, res) => registrationForm(tenantOf(res).settings.nationalId),
    (_req, res, invalid) =>
      renderInvalid(res, 'registration/register', { title: t(res)('registration:register.title') }, invalid),
  );
  router.post(
    '/register',
    selfRegistrationOnly,
    privatePage,
    rateLimit(
      limitRule('registration:ip', limits.registerPerIp, byIp),
      limitRule('registration:pesel', limits.registerPerPesel, peselKey),
    ),
    registration,
    async (_req, res) => {
      const { ctx } = res.locals;
      const registering = { ...registration.data(res), locale: ctx.locale };
      const outcome = await registerClient(deps, serviceContext(res), registering);
      if (outcome.kind === 'check_mailbox') return res.redirect(303, ctx.url('/register/sent'));
      await renderFrontDesk(res, outcome.reason);
    },
  );

  router.get('/register/sent', selfRegistrationOnly, (_req, res) => {
    res.render('registration/sent', { title: t(res)('registration:sent.title') });
  });

  const resend = validate(resendForm, (_req, res, invalid) =>
    renderInvalid(res, 'registration/resend', { title: t(res)('registration:resend.title') }, invalid),
  );

  router.get('/register/resend', selfRegistrationOnly, (_req, res) => {
    res.render('registration/resend', { title: t(res)('registration:resend.title') });
  });

  router.post(
    '/register/resend',
    selfRegistrationOnly,
    privatePage,
    rateLimit(
      limitRule('registration-resend:ip', limits.resendPerIp, byIp),
      limitRule('registration-resend:email', limits.resendPerEmail, emailKey),
    ),
    resend,
    async (_req, res) => {
      await resendActivationLink(deps, serviceContext(res), resend.data(res).email);
      res.redirect(303, res.locals.ctx.url('/register/resend/sent'));
    },
  );

  router.get('/register/resend/sent', selfRegistrationOnly, (_req, res) => {
    res.render('registration/resent', { title: t(res)('registration:resent.title') });
  });

  // Expired, used (or voided by a newer link) and unknown links get the same page: the way on
  // is the same, and "used" cannot tell a set password from a replaced link.
  const renderLinkProblem = (res: Response) =>
    res.status(410).render('registration/link-problem', { title: t(res)('registration:linkProblem.title') });

  router.get('/activate', selfRegistrationOnly, privatePage, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const link = await checkActivationLink(deps, serviceContext(res), token);
    if ('problem' in link) return renderLinkProblem(res);
    res.render('registration/activate', {
      title: t(res)('registration:activate.title'),
      client: link.client,
      rules: passwordRules(passwordSettingsOf(tenantOf(res).settings)),
      token,
    });
  });

  router.post(
    '/activate',
    selfRegistrationOnly,
    privatePage,
    rateLimit(limitRule('activation:ip', limits.activatePerIp, byIp)),
    async (req, res) => {
      const { ctx } = res.locals;
      const context = serviceContext(res);
      const { token, password, passwordConfirmation } = activationForm.parse(req.body ?? {});
      const link = await checkActivationLink(deps, context, token);
      if ('problem' in link) return renderLinkProblem(res);
      const passwordSettings = passwordSettingsOf(context.tenant.settings);
      const errors = await newPasswordErrors(
        ctx.t,
        { password, passwordConfirmation },
        { ...passwordSettings, personal: link.personal },
      );
      if (errors.length > 0) {
        const locals = {
          title: ctx.t('registration:activate.title'),
          client: link.client,
          token,
          rules: passwordRules(passwordSettings),
        };
        return renderInvalid(res, 'registration/activate', locals, { errors, values: {} });
      }
      const outcome = await activateAccount(deps, context, { token, password });
      if ('problem' in outcome) return renderLinkProblem(res);
      if ('peselRegistered' in outcome) return renderFrontDesk(res, 'pesel_registered');
      res.redirect(303, ctx.url('/activate/done'));
    },
  );

  router.get('/activate/done', selfRegistrationOnly, (_req, res) => {
    res.render('registration/done', { title: t(res)('registration:done.title') });
  });

  return router;
}
