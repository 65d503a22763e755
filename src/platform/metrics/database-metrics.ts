// Database gauges, read when Prometheus scrapes (collect()), so they cost nothing between
// scrapes: the knex pools' connections, and the mail outbox's rows by status.
import type { Knex } from 'knex';
import { Gauge } from 'prom-client';
import { metricsRegistry } from './registry.ts';

const pools = new Map<string, Knex>();
let outboxDatabase: Knex | undefined;

interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function poolOf(db: Knex): PoolCounts | undefined {
  const pool = db.client.pool as Partial<PoolCounts> | undefined;
  // Absent once destroyed; knex's external-pool wrappers have no counts to give.
  return typeof pool?.numUsed === 'function' ? (pool as PoolCounts) : undefined;
}

new Gauge({
  name: 'okienko_db_pool_connections',
  help: 'Connections of each knex pool: in use, idle, and requests waiting for one',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [name, db] of pools) {
      const pool = poolOf(db);
      if (!pool) continue;
      this.set({ pool: name, state: 'used' }, pool.numUsed());
      this.set({ pool: name, state: 'free' }, pool.numFree());
      this.set({ pool: name, state: 'pending' }, pool.numPendingAcquires());
    }
  },
});

export const OUTBOX_STATUSES = ['queued', 'sent', 'dead', 'dropped'] as const;

new Gauge({
  name: 'okienko_mail_outbox_depth',
  help: 'Rows of the mail outbox by status',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    if (!outboxDatabase) return;
    let rows: { status: string; count: number }[];
    try {
      ({ rows } = await outboxDatabase.raw<{ rows: { status: string; count: number }[] }>(
        'SELECT status, count(*)::int AS count FROM mail_outbox GROUP BY status',
      ));
    } catch {
      // The table not there yet (an older schema), or the database away: report no depth
      // rather than fail the whole scrape. /readyz and the pool gauges tell the outage.
      return;
    }
    // Every status, zero included, so a series does not vanish when its last row goes.
    for (const status of OUTBOX_STATUSES) this.set({ status }, 0);
    for (const row of rows) this.set({ status: row.status }, row.count);
  },
});

/** Reports this pool's connections under the given name until the returned function is called. */
export function watchPool(name: string, db: Knex): () => void {
  pools.set(name, db);
  return () => {
    if (pools.get(name) === db) pools.delete(name);
  };
}

/** Reports the outbox depth read through this connection (the worker role's: it spans tenants). */
export function watchOutbox(db: Knex): () => void {
  outboxDatabase = db;
  return () => {
    if (outboxDatabase === db) outboxDatabase = undefined;
  };
}
