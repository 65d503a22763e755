// The Citus side of bench/citus-phase.ts: a fresh three-node cluster of the machine's PostgreSQL
// (test/citus/cluster.ts), with the portal's database made as the Citus tests make theirs
// (test/citus/database.ts: roles, a database on every node, migrations that distribute the
// schema) and seeded with the demo tenants, as the single-node bench database is. Its nodes
// are set as the single server is where that decides what a write or a plan costs (fsync,
// synchronous_commit, …), and load pg_stat_statements for the counted runs.
import { seedDemoTenants } from '../seeds/demo-tenants.ts';
import type { DatabaseRoleUrls } from '../src/platform/db/roles.ts';
import { createDatabase } from '../src/platform/tenancy/tenant-transaction.ts';
import { databaseUrlFor } from '../src/platform/db/database.ts';
import { nodeUrls, startCitusCluster, type CitusCluster } from '../test/citus/cluster.ts';
import { createClusterRoles, createMigratedClusterDatabase } from '../test/citus/database.ts';
import { TEST_ROLE_SECRET } from '../test/support/constants.ts';
import { STATEMENT_COUNTING_SETTINGS } from './cluster-statements.ts';
import { adminQuery } from './database.ts';

/** What the single server is compared as: the same on every node of the cluster. */
const MATCHED_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'autovacuum', 'jit'];

export interface CitusDatabase {
  name: string;
  cluster: CitusCluster;
  /** PostgreSQL's and Citus's versions, for the report. */
  serverVersion: string;
  /** The single server's settings the nodes took, as `name=value` for the report. */
  matched: string;
  /** Superuser URL of the database on the coordinator. */
  benchAdminUrl: string;
  urls: DatabaseRoleUrls;
}

/** Starts the cluster and makes the database; stop the cluster (which removes all) when done. */
export async function prepareCitusDatabase(singleServerUrl: string, name: string): Promise<CitusDatabase> {
  const settings: Record<string, string> = {};
  for (const setting of MATCHED_SETTINGS) {
    const [row] = await adminQuery<Record<string, string>>(singleServerUrl, `SHOW ${setting}`);
    settings[setting] = row![setting]!;
  }
  const cluster = await startCitusCluster({ settings: { ...settings, ...STATEMENT_COUNTING_SETTINGS } });
  try {
    await createClusterRoles(cluster, `${name}_roles`, TEST_ROLE_SECRET);
    const urls = await createMigratedClusterDatabase(cluster, name, TEST_ROLE_SECRET);
    const owner = createDatabase({ url: urls.ownerUrl, poolMax: 1, applicationName: 'okienko bench setup' });
    try {
      await seedDemoTenants(owner);
    } finally {
      await owner.destroy();
    }
    // In each node's own postgres database: the view shows every database's statements.
    for (const url of nodeUrls(cluster)) await adminQuery(url, 'CREATE EXTENSION pg_stat_statements');
    const [version] = await adminQuery<{ version: string }>(
      databaseUrlFor(cluster.coordinatorUrl, name),
      `SELECT format('PostgreSQL %s, Citus %s', current_setting('server_version'),
                     (SELECT extversion FROM pg_extension WHERE extname = 'citus')) AS version`,
    );
    return {
      name,
      cluster,
      serverVersion: version?.version ?? '?',
      matched: Object.entries(settings)
        .map(([setting, value]) => `${setting}=${value}`)
        .join(', '),
      benchAdminUrl: databaseUrlFor(cluster.coordinatorUrl, name),
      urls,
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
