// Where a tenant's shard group lives, and moving it, read from and done through Citus's catalog.
import type { Knex } from 'knex';
import type { TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';

export interface TenantShard {
  /** The tenant's shard of clients; its co-located shards move with it. */
  shard: string;
  host: string;
  port: number;
}

export async function tenantShard(owner: Knex, tenantId: TenantId): Promise<TenantShard> {
  const { rows } = await owner.raw<{ rows: TenantShard[] }>(
    `SELECT s.shardid::text AS shard, n.nodename AS host, n.nodeport AS port
       FROM (SELECT get_shard_id_for_distribution_column('clients', ?::uuid) AS shardid) s
       JOIN pg_dist_placement p ON p.shardid = s.shardid JOIN pg_dist_node n ON n.groupid = p.groupid`,
    [tenantId],
  );
  return rows[0]!;
}

/**
 * Moves the tenant's shard group to the given worker. block_writes: writes to those shards wait
 * while they are copied (the logical-replication mode needs wal_level = logical); reads go on.
 */
export async function moveTenant(admin: Knex, from: TenantShard, to: { host: string; port: number }): Promise<void> {
  await admin.raw("SELECT citus_move_shard_placement(?::bigint, ?, ?, ?, ?, shard_transfer_mode => 'block_writes')", [
    from.shard,
    from.host,
    from.port,
    to.host,
    to.port,
  ]);
}
