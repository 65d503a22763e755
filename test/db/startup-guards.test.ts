// What openDatabases() refuses in production: a web connection that row-level security can't
// hold, and a schema with migrations not yet applied (production never migrates on its own).
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { openDatabases } from '../../src/platform/db/database.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();
const logger = createLogger('silent');

function productionConfig(urls: { appUrl: string; workerUrl: string }): Config {
  return {
    env: 'production',
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'https://okienko.example',
    database: { ...urls, poolMax: 2 },
    mailFrom: 'no-reply@okienko.example',
    sessionSecret: 'x'.repeat(32),
    dataKey: Buffer.alloc(32),
    previousDataKeys: [],
    metricsHost: '127.0.0.1',
    workerInProcess: true,
    sessionCache: true,
    tenantDataCache: true,
    passwordHashConcurrency: undefined,
    passwordHashNice: 19,
    passwordHashIdle: true,
    dataDir: '/nonexistent',
    logLevel: 'silent',
    trustProxy: false,
  };
}

describe('production start-up guards', () => {
  it('starts with the restricted app role and a current schema', async () => {
    const { urls } = db.current;
    const databases = await openDatabases(productionConfig(urls), logger);
    expect(databases.owner).toBeUndefined();
    await databases.close();
  });

  it('refuses an app connection that is the owner or a superuser', async () => {
    const { urls, adminUrl } = db.current;
    await expect(openDatabases(productionConfig({ ...urls, appUrl: urls.ownerUrl }), logger)).rejects.toThrow(
      /owns \d+ tables/,
    );
    await expect(openDatabases(productionConfig({ ...urls, appUrl: adminUrl }), logger)).rejects.toThrow(/superuser/);
  });

  it('refuses to start with a pending migration instead of migrating', async () => {
    const { owner, urls } = db.current;
    const latest = await owner('knex_migrations').orderBy('id', 'desc').first();
    await owner('knex_migrations').where({ id: latest.id }).delete();
    try {
      await expect(openDatabases(productionConfig(urls), logger)).rejects.toThrow(
        new RegExp(`pending migrations \\(${latest.name}\\)`),
      );
      // Nothing was migrated behind the operator's back.
      expect(await owner('knex_migrations').where({ name: latest.name }).first()).toBeUndefined();
    } finally {
      await owner('knex_migrations').insert(latest);
    }
  });
});
