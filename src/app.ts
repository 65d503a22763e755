// createApp(deps): the middleware order, read top to bottom.
import path from 'node:path';
import express, { Router, type Express, type RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from './lib/clock.ts';
import type { TenantRegistry } from './platform/tenancy/tenant-registry.ts';
import { requestContext, type ContextOptions } from './platform/http/context.ts';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.ts';
import { healthRouter } from './platform/http/health.ts';
import { resolveTenant } from './platform/tenancy/resolve-tenant.ts';
import { configureViews, viewsDir } from './platform/http/views.ts';
import { createCsrf } from './platform/http/csrf.ts';
import { createRateLimit, type Limit } from './platform/http/rate-limit.ts';
import { securityHeaders } from './platform/http/security-headers.ts';
import { requestLog } from './platform/http/request-log.ts';
import { enforceSessionTimeouts, tenantSessions } from './platform/sessions/tenant-sessions.ts';
import type { SessionCache } from './platform/sessions/session-cache.ts';
import type { TenantDataCache } from './platform/cache/tenant-data-cache.ts';
import type { SessionKind } from './platform/sessions/session-data.ts';
import { requirePasswordChange } from './platform/http/require-user.ts';
import { createSealedBox } from './platform/crypto/sealed-box.ts';
import { MailOutbox } from './platform/mail/outbox.ts';
import { createKeyedHash } from './platform/crypto/keyed-hash.ts';
import { limitsOf, type FeatureConfig, type FeatureRouters } from './platform/feature.ts';
import { FEATURES, featureHooks, type LimitName } from './features/index.ts';
import { siteFilesRouter } from './platform/http/site-files.ts';
import { readCookies } from './platform/http/cookies.ts';

export interface AppDeps {
  config: FeatureConfig;
  db: Knex;
  registry: TenantRegistry;
  i18n: i18n;
  logger: Logger;
  /** Everything that depends on the current time reads it here, so tests can move it. */
  clock: Clock;
  /** Signed-in sessions kept in memory while its LISTEN connection is up (main.ts starts it); none: the database every time. */
  sessionCache?: SessionCache;
  /** Reads of a tenant's data (the premises overview) kept in memory while its LISTEN connection is up (main.ts starts it); none: the database every time. */
  dataCache?: TenantDataCache;
  /** True once the process is shutting down: /readyz then says not ready. */
  draining?: () => boolean;
  /** Other rate limits than the features' defaults, by name (tests that send many raise them). */
  limits?: Partial<Record<LimitName, Limit>>;
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
  dataCache,
  draining,
  limits,
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
  configureViews(app, { cache: production, locals: FEATURES.flatMap((feature) => feature.templateLocals ?? []) });

  app.use(securityHeaders({ production }));
  // Request ids, the log line and the latency metrics (src/platform/metrics/http-metrics.ts).
  app.use(requestLog(logger));

  app.use('/static', express.static(publicDir, { maxAge: production ? '1d' : 0, index: false }));
  app.use(siteFilesRouter(publicDir, { maxAge: production ? '1d' : 0 }));
  app.use(healthRouter(db, { draining }));
  app.use(readCookies());

  const secureCookies = production;
  const csrf = createCsrf({ secret: config.sessionSecret, secure: secureCookies });
  const context: ContextOptions = { i18n, secureCookies, csrf };
  const rateLimit = createRateLimit(db);
  const outbox = new MailOutbox({ sealedBox: createSealedBox(config.dataKey, config.previousDataKeys), clock });
  // What a rate limit counts per subject (an e-mail, a login) is keyed by this, never stored as typed.
  const subjectHash = createKeyedHash(config.dataKey, 'rate-limit:subject');
  const shared = { config, db, clock, registry, outbox, rateLimit, subjectHash, secureCookies, dataCache };
  const services = { ...shared, ...featureHooks(shared) };
  const routers: FeatureRouters[] = FEATURES.map((feature) =>
    feature.routers ? feature.routers({ ...services, limits: limitsOf(feature, limits) }) : {},
  );
  const mountedAt = (mount: keyof FeatureRouters) => routers.flatMap((mounted) => mounted[mount] ?? []);

  const sessionsOf = (kind: SessionKind): RequestHandler[] => [
    tenantSessions(kind, { db, secret: config.sessionSecret, secure: secureCookies, clock, cache: sessionCache }),
    enforceSessionTimeouts(kind, { clock, secure: secureCookies }),
    requestContext({ ...context, area: kind }),
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }),
    csrf.protect,
  ];
  // Inside a tenant: its own session cookie, timeouts, context, CSRF, then the feature routers;
  // under /admin the staff's, with the staff session instead of the client's.
  const tenantRouter = Router();
  for (const router of mountedAt('tenantAssets')) tenantRouter.use(router);
  const adminRouter = Router();
  adminRouter.use(sessionsOf('staff'));
  for (const router of mountedAt('tenantAdmin')) adminRouter.use(router);
  adminRouter.use(notFoundHandler);
  tenantRouter.use('/admin', adminRouter);
  tenantRouter.use(sessionsOf('client'));
  tenantRouter.use(requirePasswordChange);
  for (const router of mountedAt('tenant')) tenantRouter.use(router);
  tenantRouter.use(notFoundHandler);
  app.use(resolveTenant(registry, tenantRouter));

  app.use(requestContext(context));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  app.use(csrf.protect);
  for (const router of mountedAt('root')) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler({ ...context, logger, showStack: config.env === 'development' }));
  return app;
}
