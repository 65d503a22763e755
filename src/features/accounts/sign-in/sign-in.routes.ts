// Signing in and out (issue #6). The handler reads the form, counts the attempt per IP,
// calls signInClient and starts the session; the rules live in sign-in.service.ts.
import { Router, type Request, type Response } from 'express';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import { rememberLocale } from '../../../platform/http/preferences.ts';
import { byIp, tellRetryAfter } from '../../../platform/http/rate-limit.ts';
import { signIn, signOut, userAgentOf } from '../../../platform/sessions/sign-in.ts';
import { sessionCookieName } from '../../../platform/sessions/tenant-sessions.ts';
import { safeReturnPath, signInForm } from './sign-in.form.ts';
import { signInClient, type SignInDeps } from './sign-in.service.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { serviceContext } from '../../../platform/service-context.ts';

export interface SignInLimits {
  /** Wrong passwords from one IP, across every account and tenant, before it must wait. */
  failuresPerIp: { points: number; durationSeconds: number };
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  failuresPerIp: { points: 30, durationSeconds: 15 * 60 },
};

export interface SignInRouterDeps extends SignInDeps {
  secureCookies: boolean;
  limits?: Partial<SignInLimits>;
}

const VIEW = 'sign-in/sign-in';

export function signInRouter(deps: SignInRouterDeps): Router {
  const limits = { ...DEFAULT_SIGN_IN_LIMITS, ...deps.limits };
  // Counted before the password is verified (so a burst from one address cannot outrun it),
  // and given back when the password was right: only wrong passwords use it up.
  const ipAttempts = deps.rateLimit.attempts({
    name: 'sign-in-failures:ip',
    acrossTenants: true,
    ...limits.failuresPerIp,
  });
  const router = Router();

  const render = (res: Response, status: number, locals: Record<string, unknown> = {}) =>
    res.status(status).render(VIEW, { title: res.locals.ctx.t('signIn:title'), ...locals });

  router.get('/sign-in', (req, res) => {
    render(res, 200, {
      next: safeReturnPath(req.query.next),
      signedOut: req.query.signedOut === '1',
      passwordReset: req.query.reset === '1',
    });
  });

  const nextOf = (req: Request) => safeReturnPath((req.body as Record<string, unknown> | undefined)?.next);
  const signInCheck = validate(signInForm, (req, res, invalid) => {
    res.setHeader('Cache-Control', 'no-store');
    renderInvalid(res, VIEW, { title: res.locals.ctx.t('signIn:title'), next: nextOf(req) }, invalid);
  });

  router.post('/sign-in', signInCheck, async (req: Request, res: Response) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const { tenant } = context;
    res.setHeader('Cache-Control', 'no-store');
    const form = signInCheck.data(res);
    const next = nextOf(req);

    const values = { identifier: form.identifier };
    const refuse = (status: number, field: string, message: string) =>
      render(res, status, { errors: [{ field, message }], values, next });
    const waitMs = await ipAttempts.take(tenant.id, byIp(req));
    if (waitMs !== undefined) {
      return refuse(429, 'identifier', `${ctx.t('signIn:tooManyFromHere')} ${tellRetryAfter(res, ctx.t, waitMs)}`);
    }

    const seenFrom = { ip: req.ip ?? 'unknown', userAgent: userAgentOf(req) };
    const result = await signInClient(deps, context, { ...form, ...seenFrom });
    if (result.kind === 'refused') return refuse(401, 'password', ctx.t('signIn:refused'));
    await ipAttempts.giveBack(tenant.id, byIp(req));
    if (result.kind !== 'signed_in') {
      const title = ctx.t(`signIn:${result.kind}.title`);
      return res.status(403).render('sign-in/cannot-sign-in', { title, reason: result.kind });
    }
    const { client } = result;
    const user = { id: client.id, name: client.name, kind: 'client' as const, ...seenFrom };
    await signIn(
      req,
      tenant,
      { ...user, mustChangePassword: client.mustChangePassword, signedInAt: result.verifiedAt },
      deps.clock,
    );
    // Pages and mails follow the language the client chose in their profile.
    rememberLocale(res, client.locale, deps.secureCookies);
    res.redirect(303, ctx.url(client.mustChangePassword ? '/account/password' : (next ?? '/account')));
  });

  router.post('/sign-out', async (req, res) => {
    const tenant = tenantOf(res);
    const { secureCookies } = deps;
    await signOut(req, res, { name: sessionCookieName(tenant, 'client', secureCookies), secure: secureCookies });
    res.redirect(303, res.locals.ctx.url('/sign-in?signedOut=1'));
  });

  return router;
}
