// /healthz: the process answers. /readyz: the database answers and its schema is current,
// so a load balancer sends no traffic to a process that would fail every page.
import knex, { type Knex } from 'knex';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createTestApp, testAppConfig } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const db = useTestDatabase();
const unreachable: Knex = knex({
  client: 'pg',
  // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
  connection: 'postgres://okienko_app:not-the-password@127.0.0.1:1/okienko',
  pool: { min: 0, max: 1 },
  acquireConnectionTimeout: 5_000,
  log: { error: () => undefined, warn: () => undefined },
});

afterAll(async () => {
  await unreachable.destroy();
});

describe('/healthz', () => {
  it('answers 200, uncached', async () => {
    const { app } = await createTestApp(db.current);
    const response = await request(app).get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('/readyz', () => {
  it('answers 200 when the migrations are current', async () => {
    const { app } = await createTestApp(db.current);
    const response = await request(app).get('/readyz').expect(200);
    expect(response.body).toEqual({ status: 'ready' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 naming the reason while a migration is pending', async () => {
    const { app } = await createTestApp(db.current);
    const last = await db.current.owner('knex_migrations').orderBy('id', 'desc').first();
    await db.current.owner('knex_migrations').where({ id: last.id }).delete();
    try {
      const response = await request(app).get('/readyz').expect(503);
      expect(response.body).toMatchObject({ status: 'not ready', reason: 'pending migrations', pending: [last.name] });
      expect(response.headers['cache-control']).toBe('no-store');
    } finally {
      await db.current.owner('knex_migrations').insert(last);
    }
    await request(app).get('/readyz').expect(200);
  });

  it('answers 503 when the database cannot be reached, while /healthz stays 200', async () => {
    const logger = createLogger('silent');
    const app = createApp({
      config: testAppConfig('production'),
      db: unreachable,
      registry: new TenantRegistry(unreachable, logger, TENANT_SETTINGS),
      i18n: createI18n(),
      logger,
      clock: systemClock,
    });
    const response = await request(app).get('/readyz').expect(503);
    expect(response.body).toEqual({ status: 'not ready', reason: 'database unreachable' });
    expect(response.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|not-the-password/);
    await request(app).get('/healthz').expect(200);
  });
});
