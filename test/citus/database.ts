// The portal's database on a Citus cluster, made as the tests make theirs (test/global-setup.ts,
// test/support/database.ts) and the bench its own (bench/citus-database.ts): the three roles
// first, from a cluster database of their own (Citus propagates roles to every node), then a
// database on every node, owned by the owner role and migrated by it; the migrations
// distribute the schema themselves when they find the citus extension.
import { migrateToLatest } from '../../src/platform/db/migrations.ts';
import { bootstrapRoles, OWNER_ROLE, roleUrlsFor, type DatabaseRoleUrls } from '../../src/platform/db/roles.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createClusterDatabase, type CitusClusterAddress } from './cluster.ts';

/** The three roles on every node, made in the cluster database `name` (kept: drop it with the others). */
export async function createClusterRoles(cluster: CitusClusterAddress, name: string, secret: string): Promise<void> {
  await bootstrapRoles(await createClusterDatabase(cluster, name), secret);
}

/** A database on every node of the cluster, with the extension joined up, migrated by the owner. */
export async function createMigratedClusterDatabase(
  cluster: CitusClusterAddress,
  name: string,
  secret: string,
): Promise<DatabaseRoleUrls> {
  const urls = roleUrlsFor(await createClusterDatabase(cluster, name, { owner: OWNER_ROLE }), secret);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 1, applicationName: 'okienko citus setup' });
  try {
    await migrateToLatest(owner);
  } finally {
    await owner.destroy();
  }
  return urls;
}
