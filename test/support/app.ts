// The real app over a test database: the same createApp() that main.ts uses, the app role's
// connection, a tenant registry loaded from the database, the session cache main.ts runs (one
// per test database, shared by its apps), and logs kept quiet.
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp, type AppDeps } from '../../src/app.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { systemClock, type Clock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { dataCacheOf, sessionCacheOf, type TestDatabase } from './database.ts';
import { TEST_DATA_KEY, TEST_PUBLIC_URL } from './mail.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

/** Signs session and CSRF cookies in tests; tools that mint sessions must use the same one. */
export const TEST_SESSION_SECRET = 'okienko-test-session-secret-0123456789abcdef';

/** Where request tests' apps look for the development mailbox unless a test gives its own. */
const NO_MAILBOX_DIR = '/nonexistent/okienko-test-data';

export function testAppConfig(
  env: 'test' | 'production' | 'development' = 'test',
  trustProxy: boolean = false,
  dataDir: string = NO_MAILBOX_DIR,
): AppDeps['config'] {
  // The data key testMailWorker opens sealed mail with, so mail queued by the app can be sent.
  return {
    env,
    sessionSecret: TEST_SESSION_SECRET,
    trustProxy,
    dataDir,
    dataKey: TEST_DATA_KEY,
    previousDataKeys: [],
    publicUrl: TEST_PUBLIC_URL,
  };
}

export interface TestApp {
  app: Express;
  registry: TenantRegistry;
}

export interface TestAppOptions {
  env?: 'test' | 'production' | 'development';
  clock?: Clock;
  /** Trust X-Forwarded-* (as behind the TLS proxy in production). */
  trustProxy?: boolean;
  /** DATA_DIR: where the development mailbox is read from. */
  dataDir?: string;
  /** Other rate limits than the features' defaults, by name: raised for many submissions in one test. */
  limits?: AppDeps['limits'];
  /** Another session cache than the database's own (sessionCacheOf), which apps share as threads of one process would; null: none (SESSION_CACHE=false). */
  sessionCache?: AppDeps['sessionCache'] | null;
  /** Another tenant data cache than the database's own (dataCacheOf); null: none (TENANT_DATA_CACHE=false). */
  dataCache?: AppDeps['dataCache'] | null;
  /** Where the app logs (tests that read its lines); silent unless TEST_LOG says otherwise. */
  logger?: Logger;
  /** PUBLIC_URL: the address of a test server the app listens on, for what the app must reach over HTTP. */
  publicUrl?: string;
}

export async function createTestApp(database: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const logger = options.logger ?? createLogger(process.env.TEST_LOG ?? 'silent');
  const registry = new TenantRegistry(database.app, logger, TENANT_SETTINGS);
  await registry.reload();
  const app = createApp({
    config: {
      ...testAppConfig(options.env, options.trustProxy, options.dataDir),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    },
    db: database.app,
    registry,
    i18n: createI18n(),
    logger,
    clock: options.clock ?? systemClock,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.sessionCache === null
      ? {}
      : { sessionCache: options.sessionCache ?? (await sessionCacheOf(database)) }),
    ...(options.dataCache === null ? {} : { dataCache: options.dataCache ?? (await dataCacheOf(database)) }),
  });
  return { app, registry };
}
