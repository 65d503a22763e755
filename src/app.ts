// createApp(deps): the middleware order, read top to bottom.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import { directoryRouter } from './features/directory/directory.routes.ts';
import { tenantPagesRouter } from './features/tenant-pages/tenant-pages.routes.ts';
import type { TenantRegistry } from './features/tenants/tenant-registry.ts';
import { requestContext, type ContextOptions } from './http/context.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { resolveTenant } from './http/resolve-tenant.ts';
import { configureViews, viewsDir } from './http/views.ts';

export interface AppDeps {
  config: Pick<Config, 'env'>;
  db: Knex;
  registry: TenantRegistry;
  i18n: i18n;
  logger: Logger;
  /** Everything that depends on the current time reads it here, so tests can move it. */
  clock: Clock;
}

const publicDir = path.resolve(viewsDir, '../public');

export function createApp({ config, db, registry, i18n, logger, clock }: AppDeps): Express {
  const production = config.env === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.set('env', config.env);
  app.set('query parser', 'simple');
  configureViews(app, { cache: production });

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: production ? [] : null,
        },
      },
      strictTransportSecurity: production,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use('/static', express.static(publicDir, { maxAge: production ? '1d' : 0, index: false }));
  app.use(healthRouter(db));
  app.use(cookieParser());

  const context: ContextOptions = { i18n, secureCookies: production };

  const tenantRouter = Router();
  tenantRouter.use(requestContext(context));
  tenantRouter.use(tenantPagesRouter(db, clock));
  tenantRouter.use(notFoundHandler);
  app.use(resolveTenant(registry, tenantRouter));

  app.use(requestContext(context));
  app.use(directoryRouter(registry));
  app.use(notFoundHandler);
  app.use(errorHandler({ ...context, logger, showStack: config.env === 'development' }));
  return app;
}
