// Opens the portal's database connections: embedded PostgreSQL when nothing is configured,
// roles bootstrapped from a superuser URL outside production, and the guards that make the
// app's connection one that row-level security can hold.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config.ts';
import { embeddedPostgresFor, type EmbeddedDatabase } from './embedded.ts';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import { assertCitusReady } from './citus.ts';
import { assertRestrictedConnection, bootstrapRoles, type DatabaseRoleUrls } from './roles.ts';
import { createDatabase } from '../tenancy/tenant-transaction.ts';

export const EMBEDDED_DATABASE_NAME = 'okienko';

export interface Databases {
  /** Owner connection (migrations, seeds); absent in production, where the app never migrates. */
  owner: Knex | undefined;
  app: Knex;
  worker: Knex;
  urls: Partial<DatabaseRoleUrls>;
  /**
   * Calls back once, with the reason, if the embedded server is another process's and it stops
   * (`npm run worker` beside `npm start`): nothing could reach the database again.
   */
  whenServerGone(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface OwnerBootstrap {
  urls: Partial<DatabaseRoleUrls> & { ownerUrl: string };
  embedded: EmbeddedDatabase | undefined;
}

/**
 * Where the owner connects: DATABASE_OWNER_URL when the roles are configured (always so in
 * production); otherwise the roles made from the given superuser URL, or from the embedded
 * server of DATA_DIR when no URL is set (started here, or another process's).
 */
export async function bootstrapOwner(config: WorkerConfig, logger: Logger): Promise<OwnerBootstrap> {
  const { database } = config;
  if (config.env === 'production' || database.ownerUrl) {
    if (!database.ownerUrl) throw new Error('DATABASE_OWNER_URL is required for this command in production.');
    const { ownerUrl, appUrl, workerUrl } = database;
    return { urls: { ownerUrl, appUrl, workerUrl }, embedded: undefined };
  }
  const embedded = database.adminUrl ? undefined : await embeddedPostgresFor(config.dataDir, logger);
  const adminUrl = database.adminUrl ?? databaseUrlFor(embedded!.url, EMBEDDED_DATABASE_NAME);
  // Outside production loadConfig always provides (or generates) the secret the role passwords derive from.
  if (!config.sessionSecret) throw new Error('SESSION_SECRET is needed to derive the database role passwords.');
  return { urls: await bootstrapRoles(adminUrl, config.sessionSecret), embedded };
}

async function restrictedPools(
  urls: Partial<DatabaseRoleUrls>,
  poolMax: number,
  logger: Logger,
): Promise<{ app: Knex; worker: Knex }> {
  const app = createDatabase({ url: urls.appUrl!, poolMax, applicationName: 'okienko web', logger });
  const worker = createDatabase({ url: urls.workerUrl!, poolMax: 4, applicationName: 'okienko worker', logger });
  try {
    await assertRestrictedConnection((sql) => app.raw(sql));
    await assertCitusReady(app);
  } catch (error) {
    await Promise.all([app.destroy(), worker.destroy()]);
    throw error;
  }
  return { app, worker };
}

export async function openDatabases(config: WorkerConfig, logger: Logger): Promise<Databases> {
  if (config.env === 'production') {
    const urls = { appUrl: config.database.appUrl, workerUrl: config.database.workerUrl };
    const { app, worker } = await restrictedPools(urls, config.database.poolMax, logger);
    const pending = await pendingMigrations(app);
    if (pending.length > 0) {
      await Promise.all([app.destroy(), worker.destroy()]);
      throw new Error(
        `Refusing to start: ${pending.length} pending migrations (${pending.join(', ')}); run "npm run migrate".`,
      );
    }
    return {
      owner: undefined,
      app,
      worker,
      urls,
      whenServerGone: () => undefined,
      close: async () => void (await Promise.all([app.destroy(), worker.destroy()])),
    };
  }

  const { urls, embedded } = await bootstrapOwner(config, logger);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'okienko owner', logger });
  const applied = await migrateToLatest(owner);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const { app, worker } = await restrictedPools(urls, config.database.poolMax, logger);
  return {
    owner,
    app,
    worker,
    urls,
    whenServerGone: (listener) =>
      embedded?.whenGone((gone) => {
        logger.error(gone.message);
        listener(gone.message);
      }),
    close: async () => {
      await Promise.all([owner.destroy(), app.destroy(), worker.destroy()]);
      await embedded?.stop();
    },
  };
}
