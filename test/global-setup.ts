// Once per test run: a PostgreSQL server (the machine's when DATABASE_URL is set, else an
// embedded one in a temporary directory), the roles, and a template database migrated once.
// Each test file then clones its own database from the template (test/support/database.ts).
// On a Citus cluster (CITUS_COORDINATOR_URL, set by test/citus/run.ts) the template is a
// cluster database, and a test file's database is copied from it on every node.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrlFor } from '../src/platform/db/database.ts';
import { embeddedPostgresFor, type EmbeddedDatabase } from '../src/platform/db/embedded.ts';
import { migrateToLatest } from '../src/platform/db/migrations.ts';
import { bootstrapRoles } from '../src/platform/db/roles.ts';
import { createDatabase } from '../src/platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../src/platform/logger.ts';
import {
  citusClusterFromEnvironment,
  dropClusterDatabase,
  nodeUrls,
  sealClusterTemplate,
  type CitusClusterAddress,
} from './citus/cluster.ts';
import { createClusterRoles, createMigratedClusterDatabase } from './citus/database.ts';
import { TEST_DATABASE_PREFIX, TEST_ROLE_SECRET } from './support/constants.ts';

/** Where each test file's database comes from: the migrated template it is copied from, on one server or on a Citus cluster. */
export type TestDatabaseSource =
  { kind: 'template'; template: string } | { kind: 'citus'; cluster: CitusClusterAddress; template: string };

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    databaseSource: TestDatabaseSource;
    databasePrefix: string;
  }
}

async function databasesOfRun(serverUrl: string, prefix: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: databaseUrlFor(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    return rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A prefix per run keeps concurrent runs on one server (CI and a developer) apart.
  const prefix = `${TEST_DATABASE_PREFIX}${process.pid}_`;
  project.provide('databasePrefix', prefix);
  const cluster = citusClusterFromEnvironment();
  if (cluster) {
    project.provide('adminUrl', databaseUrlFor(cluster.coordinatorUrl, 'postgres'));
    await createClusterRoles(cluster, `${prefix}roles`, TEST_ROLE_SECRET);
    const template = `${prefix}template`;
    await createMigratedClusterDatabase(cluster, template, TEST_ROLE_SECRET);
    await sealClusterTemplate(cluster, template);
    project.provide('databaseSource', { kind: 'citus', cluster, template });
    return async () => {
      const lists = await Promise.all(nodeUrls(cluster).map((url) => databasesOfRun(url, prefix)));
      const names = new Set(lists.flat());
      for (const name of names) await dropClusterDatabase(cluster, name);
    };
  }

  const logger = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  let embeddedRoot: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embeddedRoot = mkdtempSync(path.join(tmpdir(), 'okienko-test-'));
    // As root the server runs as the OS user postgres, which must be able to enter it.
    chmodSync(embeddedRoot, 0o755);
    embedded = await embeddedPostgresFor(embeddedRoot, logger);
    serverUrl = embedded.url;
  }
  const templateDatabase = `${prefix}template`;
  const adminUrl = databaseUrlFor(serverUrl, 'postgres');
  const urls = await bootstrapRoles(databaseUrlFor(serverUrl, templateDatabase), TEST_ROLE_SECRET);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 1, applicationName: 'okienko test setup' });
  await migrateToLatest(owner);
  await owner.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('databaseSource', { kind: 'template', template: templateDatabase });

  return async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of await databasesOfRun(adminUrl, prefix)) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    await admin.end();
    await embedded?.stop();
    if (embeddedRoot) rmSync(embeddedRoot, { recursive: true, force: true });
  };
}
