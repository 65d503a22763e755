// Once per test run: a PostgreSQL server (the machine's when DATABASE_URL is set, else an
// embedded one in a temporary directory), the roles, and a template database migrated once.
// Each test file then clones its own database from the template (test/support/database.ts).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrlFor } from '../src/platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded.ts';
import { migrateToLatest } from '../src/platform/db/migrations.ts';
import { bootstrapRoles } from '../src/platform/db/roles.ts';
import { createDatabase } from '../src/platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../src/platform/logger.ts';
import { TEST_DATABASE_PREFIX, TEST_ROLE_SECRET } from './support/constants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  let embeddedRoot: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embeddedRoot = mkdtempSync(path.join(tmpdir(), 'okienko-test-'));
    // As root the server runs as the OS user postgres, which must be able to enter it.
    chmodSync(embeddedRoot, 0o755);
    embedded = await startEmbeddedPostgres(embeddedRoot, logger);
    serverUrl = embedded.url;
  }
  // A prefix per run keeps concurrent runs on one server (CI and a developer) apart.
  const prefix = `${TEST_DATABASE_PREFIX}${process.pid}_`;
  const templateDatabase = `${prefix}template`;
  const adminUrl = databaseUrlFor(serverUrl, 'postgres');
  const urls = await bootstrapRoles(databaseUrlFor(serverUrl, templateDatabase), TEST_ROLE_SECRET);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 1, applicationName: 'okienko test setup' });
  await migrateToLatest(owner);
  await owner.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('databasePrefix', prefix);

  return async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (embeddedRoot) rmSync(embeddedRoot, { recursive: true, force: true });
  };
}
