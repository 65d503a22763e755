// A database that has run on one server, converted in place (docs/scaling.md): migrated and
// filled without Citus, then the extension and the workers, then `citus:distribute`. Every row
// arrives on the workers (row-level security is forced, so a distribution run as the owner once
// copied none, silently), and the delegated functions find what they call on the workers.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { citusProblems } from '../../src/platform/db/citus.ts';
import { migrateToLatest } from '../../src/platform/db/migrations.ts';
import { OWNER_ROLE, roleUrlsFor } from '../../src/platform/db/roles.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { seedDemoClients } from '../../seeds/demo-clients.ts';
import { seedDemoTenants } from '../../seeds/demo-tenants.ts';
import { withClient } from '../support/connections.ts';
import { TEST_ROLE_SECRET } from '../support/constants.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { okienko } from '../cli/cli-harness.ts';
import {
  citusClusterFromEnvironment,
  createClusterDatabase,
  dropClusterDatabase,
  joinClusterDatabase,
} from './cluster.ts';

const cluster = citusClusterFromEnvironment();
const name = `${inject('databasePrefix')}convert_${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  if (cluster) await dropClusterDatabase(cluster, name);
});

/** Rows per table, read as a superuser (row-level security binds even the owner). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (admin) => {
    const { rows } = await admin.query<{ table: string; n: number }>(
      `SELECT 'clients' AS table, count(*)::int AS n FROM clients
       UNION ALL SELECT 'client_consents', count(*)::int FROM client_consents
       UNION ALL SELECT 'service_points', count(*)::int FROM service_points
       UNION ALL SELECT 'opening_hours', count(*)::int FROM opening_hours
       UNION ALL SELECT 'tenants', count(*)::int FROM tenants`,
    );
    return Object.fromEntries(rows.map((row) => [row.table, row.n]));
  });
}

describe('a single-server database converted to Citus in place', () => {
  it('keeps every row, and serves sign-in functions from the workers', async () => {
    if (!cluster) throw new Error('this test needs the Citus cluster (npm run test:citus)');
    const adminUrl = await createClusterDatabase(cluster, name, { owner: OWNER_ROLE, join: false });
    const urls = roleUrlsFor(adminUrl, TEST_ROLE_SECRET);
    const owner = createDatabase({ url: urls.ownerUrl, poolMax: 1, applicationName: 'test convert' });
    try {
      await migrateToLatest(owner);
      await seedDemoTenants(owner);
      await seedDemoClients(owner, { dataKey: TEST_DATA_KEY });
    } finally {
      await owner.destroy();
    }
    const before = await rowCounts(adminUrl);
    expect(before.clients).toBeGreaterThan(0);
    expect(before.opening_hours).toBeGreaterThan(0);

    await joinClusterDatabase(cluster, name);
    const run = await okienko(['citus:distribute'], {
      NODE_ENV: 'test',
      DATABASE_OWNER_URL: urls.ownerUrl,
      DATABASE_URL: urls.appUrl,
      DATABASE_WORKER_URL: urls.workerUrl,
      LOG_LEVEL: 'silent',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Every table is distributed or a reference table');

    expect(await rowCounts(adminUrl)).toEqual(before);
    const app = createDatabase({ url: urls.appUrl, poolMax: 1, applicationName: 'test convert app' });
    try {
      expect(await citusProblems(app)).toEqual([]);
      // A delegated function runs on a worker and calls enter_tenant() there.
      const { rows } = await app.raw<{ rows: { sess: unknown }[] }>(
        "SELECT load_live_session(id, 'no-such-session', now()) AS sess FROM tenants ORDER BY slug LIMIT 1",
      );
      expect(rows).toEqual([{ sess: null }]);
    } finally {
      await app.destroy();
    }
  });
});
