// A database of the test file's own, cloned from the migrated template, with a connection
// per role: owner (setup and inspection), app (what web requests use), worker. On a Citus
// cluster the template is a cluster database, copied on every node (test/global-setup.ts).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { OWNER_ROLE, roleUrlsFor, type DatabaseRoleUrls } from '../../src/platform/db/roles.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TEST_ROLE_SECRET } from './constants.ts';
import {
  startSessionCache,
  type RunningSessionCache,
  type SessionCache,
} from '../../src/platform/sessions/session-cache.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { Logger } from 'pino';
import type { RunningCache } from '../../src/platform/cache/listening.ts';
import {
  startTenantDataCache,
  type RunningTenantDataCache,
  type TenantDataCache,
} from '../../src/platform/cache/tenant-data-cache.ts';
import { cloneClusterDatabase, dropClusterDatabase } from '../citus/cluster.ts';

export interface TestDatabase {
  name: string;
  urls: DatabaseRoleUrls;
  owner: Knex;
  app: Knex;
  worker: Knex;
  /** A superuser connection to this database, for what only a superuser may inspect. */
  adminUrl: string;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { appPoolMax?: number } = {}): Promise<TestDatabase> {
  const name = `${inject('databasePrefix')}${randomBytes(6).toString('hex')}`;
  const source = inject('databaseSource');
  if (source.kind === 'citus') {
    await cloneClusterDatabase(source.cluster, source.template, name, OWNER_ROLE);
  } else {
    await withAdmin((client) =>
      client.query(`CREATE DATABASE "${name}" TEMPLATE "${source.template}" OWNER ${OWNER_ROLE}`),
    );
  }
  const adminUrl = databaseUrlFor(inject('adminUrl'), name);
  const urls = roleUrlsFor(adminUrl, TEST_ROLE_SECRET);
  return {
    name,
    urls,
    adminUrl,
    owner: createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'test owner' }),
    app: createDatabase({ url: urls.appUrl, poolMax: options.appPoolMax ?? 4, applicationName: 'test app' }),
    worker: createDatabase({ url: urls.workerUrl, poolMax: 2, applicationName: 'test worker' }),
  };
}

const sessionCaches = new WeakMap<TestDatabase, Promise<RunningSessionCache>>();
const dataCaches = new WeakMap<TestDatabase, Promise<RunningTenantDataCache>>();

/** The cache of this database its test apps share, with its LISTEN connection, made on first use. */
async function sharedCache<Cache>(
  caches: WeakMap<TestDatabase, Promise<RunningCache<Cache>>>,
  database: TestDatabase,
  start: (options: { url: string; logger: Logger }) => Promise<RunningCache<Cache>>,
): Promise<Cache> {
  let running = caches.get(database);
  if (!running) {
    running = start({ url: database.urls.appUrl, logger: createLogger('silent') });
    caches.set(database, running);
  }
  return (await running).cache;
}

/**
 * The session cache the test apps of this database share, as main.ts starts one per web
 * process: made on first use, closed when the database is dropped.
 */
export function sessionCacheOf(database: TestDatabase): Promise<SessionCache> {
  return sharedCache(sessionCaches, database, startSessionCache);
}

/** The tenant data cache the test apps of this database share, as main.ts starts one per web process. */
export function dataCacheOf(database: TestDatabase): Promise<TenantDataCache> {
  return sharedCache(dataCaches, database, startTenantDataCache);
}

export async function dropTestDatabase(database: TestDatabase): Promise<void> {
  await (await sessionCaches.get(database))?.close();
  await (await dataCaches.get(database))?.close();
  await Promise.all([database.owner.destroy(), database.app.destroy(), database.worker.destroy()]);
  const source = inject('databaseSource');
  if (source.kind === 'citus') await dropClusterDatabase(source.cluster, database.name);
  else await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`));
}

/** Registers beforeAll/afterAll for a database of this test file's own; read .current inside tests. */
export function useTestDatabase(options: { appPoolMax?: number } = {}): { readonly current: TestDatabase } {
  const holder: { current?: TestDatabase } = {};
  beforeAll(async () => {
    holder.current = await createTestDatabase(options);
  });
  afterAll(async () => {
    if (holder.current) await dropTestDatabase(holder.current);
  });
  return {
    get current(): TestDatabase {
      if (!holder.current) throw new Error('the test database is created in beforeAll');
      return holder.current;
    },
  };
}

/** The tenant a pooled connection carries outside any transaction: '' when none, as it must be. */
export async function tenantLeftOnConnection(app: Knex): Promise<string> {
  const { rows } = await app.raw<{ rows: { tenant: string | null }[] }>(
    "SELECT current_setting('app.tenant_id', true) AS tenant",
  );
  return rows[0]?.tenant ?? '';
}
