// The backup and restore procedure of docs/operations.md, run as written: deploy/backup/backup.sh
// (what the compose backup service runs) dumps a database with a tenant in it, and
// deploy/backup/restore.sh restores the dump into a new database. The tenant, its rows and the
// row-level security that walls tenants apart must all come back, and the restored database
// must be one the production web would start on.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { databaseUrlFor, openDatabases } from '../../src/platform/db/database.ts';
import { roleUrlsFor } from '../../src/platform/db/roles.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { TEST_ROLE_SECRET } from '../support/constants.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { repoRoot } from './compose.ts';
import { libpqEnv, requireClientTools, run } from './processes.ts';

const db = useTestDatabase();
const restored = `${inject('databasePrefix')}restored_${process.pid}`;
const backupDir = mkdtempSync(path.join(tmpdir(), 'okienko-backup-'));
const script = (name: string) => path.join(repoRoot, 'deploy/backup', name);

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

// Every policy and every table's RLS switches, to compare before and after.
const SECURITY = `
  SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
         coalesce((SELECT json_agg(json_build_object('name', p.policyname, 'roles', p.roles, 'using', p.qual, 'check', p.with_check)
                                   ORDER BY p.policyname)
                     FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname), '[]') AS policies
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`;

afterAll(async () => {
  await query(inject('adminUrl'), `DROP DATABASE IF EXISTS "${restored}" WITH (FORCE)`);
  rmSync(backupDir, { recursive: true, force: true });
});

describe('backup and restore (docs/operations.md)', () => {
  it('restores a dump with the tenant, its rows and row-level security intact', async () => {
    const [version] = await query<{ v: string }>(db.current.adminUrl, 'SHOW server_version_num');
    requireClientTools(['pg_dump', 'pg_restore', 'psql', 'createdb'], Math.floor(Number(version!.v) / 10_000));
    const tenant = await createTenant(db.current.owner);
    const superuser = libpqEnv(db.current.adminUrl);

    const backup = await run(['bash', script('backup.sh')], {
      ...superuser,
      PGDATABASE: db.current.name,
      BACKUP_DIR: backupDir,
    });
    expect(backup.code, backup.output).toBe(0);
    const dumps = readdirSync(backupDir);
    expect(dumps).toEqual([expect.stringMatching(new RegExp(`^${db.current.name}-\\d{8}T\\d{6}Z\\.dump$`))]);
    // Every tenant's personal data: nobody but the owner may read it.
    expect(statSync(path.join(backupDir, dumps[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(backupDir).mode & 0o777).toBe(0o700);

    const restore = await run(['bash', script('restore.sh'), path.join(backupDir, dumps[0]!), restored], superuser);
    expect(restore.code, restore.output).toBe(0);
    // Restoring over an existing database is refused, never merged.
    const again = await run(['bash', script('restore.sh'), path.join(backupDir, dumps[0]!), restored], superuser);
    expect(again.code).not.toBe(0);

    const restoredAdmin = databaseUrlFor(db.current.adminUrl, restored);
    expect(await query(restoredAdmin, SECURITY)).toEqual(await query(db.current.adminUrl, SECURITY));
    const rlsTables = await query(restoredAdmin, `SELECT 1 FROM pg_class WHERE relforcerowsecurity`);
    expect(rlsTables.length).toBeGreaterThan(0);

    // As the app role: the tenant is there, its front desk only inside its own tenant.
    const urls = roleUrlsFor(restoredAdmin, TEST_ROLE_SECRET);
    const [found] = await query<{ id: string }>(urls.appUrl, 'SELECT id FROM tenants WHERE slug = $1', [
      tenant.input.slug,
    ]);
    expect(found?.id).toBe(tenant.id);
    expect(await query(urls.appUrl, 'SELECT * FROM service_points')).toEqual([]);
    const app = new pg.Client({ connectionString: urls.appUrl });
    await app.connect();
    try {
      await app.query(`SELECT set_config('app.tenant_id', $1, false)`, [tenant.id]);
      const desks = await app.query<{ name: string }>('SELECT name FROM service_points');
      expect(desks.rows.map((desk) => desk.name)).toEqual([tenant.desks[0]!.name]);
    } finally {
      await app.end();
    }

    // The production start-up guards pass: restricted app role, no migration pending.
    const databases = await openDatabases(
      {
        env: 'production',
        database: { appUrl: urls.appUrl, workerUrl: urls.workerUrl, poolMax: 1 },
      } as Config,
      createLogger('silent'),
    );
    await databases.close();
  });
});
