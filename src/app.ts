// createApp(deps): the middleware order, read top to bottom.
import path from 'node:path';
import express, { Router, type Express } from 'express';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import { directoryRouter } from './features/directory/directory.routes.ts';
import { tenantPagesRouter } from './features/tenant-pages/tenant-pages.routes.ts';
import { brandStylesheetRouter } from './features/tenant-pages/brand-css.ts';
import type { TenantRegistry } from './features/tenants/tenant-registry.ts';
import { requestContext, type ContextOptions } from './http/context.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { resolveTenant } from './http/resolve-tenant.ts';
import { configureViews, viewsDir } from './http/views.ts';
import { readCookies } from './http/cookies.ts';
import { createCsrf } from './http/csrf.ts';
import { createRateLimit } from './http/rate-limit.ts';
import { securityHeaders } from './http/security-headers.ts';
import { requestLog } from './http/request-log.ts';
import { enforceSessionTimeouts, tenantSessions } from './http/sessions/tenant-sessions.ts';
import type { SessionCache } from './http/sessions/session-cache.ts';
import { accountRouter } from './features/account/account.routes.ts';
import { signInRouter, type SignInLimits } from './features/sign-in/sign-in.routes.ts';
import { passwordRouter } from './features/password/password.routes.ts';
import { profileRouter } from './features/profile/profile.routes.ts';
import { passwordResetRouter, type PasswordResetLimits } from './features/password-reset/password-reset.routes.ts';
import { securityRouter } from './features/security/security.routes.ts';
import { myDataRouter } from './features/my-data/my-data.routes.ts';
import { requirePasswordChange } from './http/require-user.ts';
import { devMailboxRouter } from './features/dev-mailbox/dev-mailbox.routes.ts';
import { registrationRouter, type RegistrationLimits } from './features/registration/registration.routes.ts';
import { regulationsRouter } from './features/tenant-pages/regulations.routes.ts';
import { createNationalIdProtector } from './features/clients/national-id.ts';
import { createSealedBox } from './lib/sealed-box.ts';
import { MailOutbox } from './mail/outbox.ts';
import { createKeyedHash } from './lib/keyed-hash.ts';

export interface AppDeps {
  config: Pick<Config, 'env' | 'sessionSecret' | 'trustProxy' | 'dataDir' | 'smtpUrl' | 'dataKey' | 'previousDataKeys'>;
  db: Knex;
  registry: TenantRegistry;
  i18n: i18n;
  logger: Logger;
  /** Everything that depends on the current time reads it here, so tests can move it. */
  clock: Clock;
  /** Signed-in sessions kept in memory while its LISTEN connection is up (main.ts starts it); none: the database every time. */
  sessionCache?: SessionCache;
  /** True once the process is shutting down: /readyz then says not ready. */
  draining?: () => boolean;
  /** Other rate limits for the registration forms (tests raise them); the defaults otherwise. */
  registrationLimits?: Partial<RegistrationLimits>;
  /** Another per-IP limit of wrong passwords (tests that send many); the default otherwise. */
  signInLimits?: Partial<SignInLimits>;
  /** Other rate limits for the forgot-password forms (tests that send many); the defaults otherwise. */
  passwordResetLimits?: Partial<PasswordResetLimits>;
}

const publicDir = path.resolve(viewsDir, '../public');

export function createApp({
  config,
  db,
  registry,
  i18n,
  logger,
  clock,
  sessionCache,
  draining,
  registrationLimits,
  signInLimits,
  passwordResetLimits,
}: AppDeps): Express {
  const production = config.env === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.set('env', config.env);
  app.set('query parser', 'simple');
  // Pages are rendered per visitor (and signed-in ones are no-store): hashing each body for an
  // ETag costs time and saves nothing. Static files keep theirs (express.static).
  app.set('etag', false);
  // Behind a TLS proxy: client IPs for rate limits, and req.secure for Secure cookies.
  app.set('trust proxy', config.trustProxy);
  configureViews(app, { cache: production });

  app.use(securityHeaders({ production }));
  // Request ids, the log line and the latency metrics (src/metrics/http-metrics.ts).
  app.use(requestLog(logger));

  app.use('/static', express.static(publicDir, { maxAge: production ? '1d' : 0, index: false }));
  app.use(healthRouter(db, { draining }));
  app.use(readCookies());

  const secureCookies = production;
  const csrf = createCsrf({ secret: config.sessionSecret, secure: secureCookies });
  const context: ContextOptions = { i18n, secureCookies, csrf };
  const rateLimit = createRateLimit(db);
  const outbox = new MailOutbox({ sealedBox: createSealedBox(config.dataKey, config.previousDataKeys), clock });
  const nationalIds = createNationalIdProtector({ dataKey: config.dataKey, previousDataKeys: config.previousDataKeys });

  // Inside a tenant: its own session cookie, timeouts, context, CSRF, then the feature routers.
  const tenantRouter = Router();
  tenantRouter.use(brandStylesheetRouter());
  tenantRouter.use(
    tenantSessions('client', { db, secret: config.sessionSecret, secure: secureCookies, clock, cache: sessionCache }),
  );
  tenantRouter.use(enforceSessionTimeouts('client', { clock, secure: secureCookies }));
  tenantRouter.use(requestContext(context));
  tenantRouter.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  tenantRouter.use(csrf.protect);
  tenantRouter.use(requirePasswordChange);
  // The dashboard first: the most viewed signed-in page, it then walks no other router's stack.
  tenantRouter.use(accountRouter());
  tenantRouter.use(tenantPagesRouter(db, clock));
  tenantRouter.use(regulationsRouter(db));
  // What a rate limit counts per subject (an e-mail, a login) is keyed by this, never stored as typed.
  const subjectHash = createKeyedHash(config.dataKey, 'rate-limit:subject');
  tenantRouter.use(
    registrationRouter({
      db,
      clock,
      outbox,
      nationalIds,
      rateLimit,
      emailHash: subjectHash,
      limits: registrationLimits,
    }),
  );
  tenantRouter.use(
    signInRouter({ db, clock, outbox, rateLimit, identifierHash: subjectHash, secureCookies, limits: signInLimits }),
  );
  tenantRouter.use(passwordRouter({ db, clock, outbox, nationalIds, rateLimit }));
  tenantRouter.use(profileRouter({ db, clock, outbox, nationalIds, rateLimit, secureCookies }));
  tenantRouter.use(
    passwordResetRouter({
      db,
      clock,
      outbox,
      nationalIds,
      rateLimit,
      identifierHash: subjectHash,
      limits: passwordResetLimits,
    }),
  );
  tenantRouter.use(securityRouter({ db, clock }));
  tenantRouter.use(myDataRouter({ db, clock, outbox, nationalIds, rateLimit, secureCookies }));
  tenantRouter.use(notFoundHandler);
  app.use(resolveTenant(registry, tenantRouter));

  app.use(requestContext(context));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  app.use(csrf.protect);
  // The mail the local SMTP catcher took (src/mail/dev-catcher.ts): in development without a
  // mail server only, as it shows every tenant's live links.
  if (config.env === 'development' && !config.smtpUrl) app.use(devMailboxRouter(config.dataDir));
  app.use(directoryRouter(registry));
  app.use(notFoundHandler);
  app.use(errorHandler({ ...context, logger, showStack: config.env === 'development' }));
  return app;
}
