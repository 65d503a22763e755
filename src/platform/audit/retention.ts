// The audit log's purge, run by the worker's housekeeping as the worker role: rows older than
// their tenant's retention (settings.ts) go, and nothing else can. The database decides too:
// the append-only trigger lets the worker delete a row only past audit_retention_days(), the
// function this purge reads, so the two never disagree about a tenant.
//
// Tenant by tenant, each statement naming its tenant, so on Citus each runs on the one shard
// that holds the tenant (its LIMIT subquery included) and no statement spans the cluster. The
// cutoff is the earlier of the worker's clock and the database's: the trigger judges by the
// database's, and a purge that ran ahead of it would be refused.
import type { Knex } from 'knex';

/** Rows deleted per statement: short locks, short transactions. */
export const AUDIT_PURGE_BATCH = 1_000;

export async function pruneAuditLog(db: Knex, now: Date): Promise<number> {
  const { rows: tenants } = await db.raw<{ rows: { id: string; cutoff: Date }[] }>(
    `SELECT id, least(?::timestamptz, now()) - make_interval(days => audit_retention_days(id)) AS cutoff
       FROM tenants ORDER BY id`,
    [now],
  );
  let total = 0;
  for (const { id: tenant, cutoff } of tenants) {
    for (;;) {
      const { rowCount } = await db.raw<{ rowCount: number }>(
        `DELETE FROM audit_log WHERE tenant_id = :tenant AND (tenant_id, id) IN (
           SELECT tenant_id, id FROM audit_log WHERE tenant_id = :tenant AND occurred_at < :cutoff
            ORDER BY occurred_at LIMIT :batch)`,
        { tenant, cutoff, batch: AUDIT_PURGE_BATCH },
      );
      total += rowCount;
      if (rowCount < AUDIT_PURGE_BATCH) break;
    }
  }
  return total;
}
