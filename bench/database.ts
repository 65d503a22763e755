// The bench database: a fresh database on the machine's PostgreSQL (or BENCH_DATABASE_URL),
// else on an embedded server in a temporary directory; the three roles, the migrations, the
// demo tenants, and TechEmpower's `fortune` table for the Fortunes baseline. Dropped at the end.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { databaseUrlFor } from '../src/platform/db/database.ts';
import { embeddedPostgresFor, type EmbeddedDatabase } from '../src/platform/db/embedded.ts';
import { migrateToLatest } from '../src/platform/db/migrations.ts';
import { APP_ROLE, bootstrapRoles, type DatabaseRoleUrls } from '../src/platform/db/roles.ts';
import { createDatabase } from '../src/platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seedDemoTenants } from '../seeds/demo-tenants.ts';
// Role passwords are cluster-wide: deriving them as the tests do lets a bench and a test run
// share one server.
import { TEST_ROLE_SECRET } from '../test/support/constants.ts';

const MACHINE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** TechEmpower's twelve fortunes (toolset/databases/postgres/create-postgres.sql). */
export const FORTUNES: readonly string[] = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

export interface BenchDatabase {
  name: string;
  /** Where the server came from, for the report. */
  source: string;
  serverVersion: string;
  /** Superuser URL of the server's maintenance database (statistics, ANALYZE, DROP). */
  adminUrl: string;
  /** Superuser URL of the bench database. */
  benchAdminUrl: string;
  urls: DatabaseRoleUrls;
  drop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function server(
  explicitUrl: string | undefined,
  forceEmbedded: boolean,
): Promise<{ url: string; source: string; embedded?: EmbeddedDatabase; dir?: string }> {
  if (explicitUrl) return { url: explicitUrl, source: 'BENCH_DATABASE_URL' };
  if (!forceEmbedded && (await answers(MACHINE_URL)))
    return { url: MACHINE_URL, source: 'machine PostgreSQL (127.0.0.1:5432)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-bench-'));
  // As root the server runs as the OS user postgres, which must be able to enter it.
  chmodSync(dir, 0o755);
  const embedded = await embeddedPostgresFor(dir, createLogger('warn'));
  return { url: embedded.url, source: 'embedded PostgreSQL (temporary directory)', embedded, dir };
}

async function createFortunes(owner: Knex): Promise<void> {
  await owner.raw('CREATE TABLE fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)');
  await owner('fortune').insert(FORTUNES.map((message, index) => ({ id: index + 1, message })));
  await owner.raw(`GRANT SELECT ON fortune TO ${APP_ROLE}`);
}

export async function adminQuery<T extends pg.QueryResultRow>(url: string, sql: string, values?: unknown[]) {
  const client = new pg.Client({ connectionString: url, application_name: 'okienko bench admin' });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export async function prepareBenchDatabase(
  explicitUrl: string | undefined,
  forceEmbedded = false,
  name = `okienko_bench_${process.pid}`,
): Promise<BenchDatabase> {
  const { url, source, embedded, dir } = await server(explicitUrl, forceEmbedded);
  const adminUrl = databaseUrlFor(url, 'postgres');
  const benchAdminUrl = databaseUrlFor(url, name);
  const drop = async (): Promise<void> => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error: unknown) => {
      process.stderr.write(`could not drop the bench database ${name}: ${String(error)}\n`);
    });
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [version] = await adminQuery<{ server_version: string }>(adminUrl, 'SHOW server_version');
    const urls = await bootstrapRoles(benchAdminUrl, TEST_ROLE_SECRET);
    const owner = createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'okienko bench setup' });
    try {
      await migrateToLatest(owner);
      await seedDemoTenants(owner);
      await createFortunes(owner);
    } finally {
      await owner.destroy();
    }
    return { name, source, serverVersion: version?.server_version ?? '?', adminUrl, benchAdminUrl, urls, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
