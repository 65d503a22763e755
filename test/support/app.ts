// The real app over a test database: the same createApp() that main.ts uses, the app role's
// connection, a tenant registry loaded from the database, and logs kept quiet.
import type { Express } from 'express';
import { createApp } from '../../src/app.ts';
import { TenantRegistry } from '../../src/features/tenants/tenant-registry.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createLogger } from '../../src/logger.ts';
import { systemClock, type Clock } from '../../src/lib/clock.ts';
import type { TestDatabase } from './database.ts';

export interface TestApp {
  app: Express;
  registry: TenantRegistry;
}

export async function createTestApp(
  database: TestDatabase,
  env: 'test' | 'production' = 'test',
  clock: Clock = systemClock,
): Promise<TestApp> {
  const logger = createLogger('silent');
  const registry = new TenantRegistry(database.app, logger);
  await registry.reload();
  const app = createApp({ config: { env }, db: database.app, registry, i18n: createI18n(), logger, clock });
  return { app, registry };
}
