// Database writes, counted as PostgreSQL counts them: tup_inserted + tup_updated +
// tup_deleted of the bench database in pg_stat_database.
//
// Since PostgreSQL 15 a backend keeps its counts in local memory and flushes them to shared
// memory at the end of a transaction at most once a second; what is left when it goes idle is
// flushed 10 s later (PGSTAT_IDLE_INTERVAL), and everything is flushed when the backend exits.
// pg_stat_force_next_flush() acts on the calling backend only. So rather than wait, each
// counted phase ends by stopping the portal: its pools close, its backends exit and flush,
// and the counter is read once no client of the bench database but the (read-only) Fortunes
// baseline is left.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { adminQuery } from './database.ts';

export interface WriteCounts {
  total: number;
  /** Per table, `schema.table` → inserted + updated + deleted rows. */
  byTable: Map<string, number>;
}

const IGNORED_CLIENTS = ['bench fortunes', 'okienko bench admin'];

/** Waits until no backend of ours (but the Fortunes pool) is connected to the bench database. */
export async function waitForClientsToLeave(adminUrl: string, database: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await adminQuery<{ n: number }>(
      adminUrl,
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND backend_type = 'client backend' AND NOT (application_name = ANY ($2))`,
      [database, IGNORED_CLIENTS],
    );
    if (row?.n === 0) break;
    if (Date.now() > deadline)
      throw new Error(`${row?.n} clients still connected to ${database}; counts would be short`);
    await sleep(100);
  }
  // A leaving backend drops out of pg_stat_activity just before its final statistics flush.
  await sleep(300);
}

export async function readWrites(benchAdminUrl: string, database: string): Promise<WriteCounts> {
  const [db] = await adminQuery<{ writes: string }>(
    benchAdminUrl,
    `SELECT tup_inserted + tup_updated + tup_deleted AS writes FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const tables = await adminQuery<{ name: string; writes: string }>(
    benchAdminUrl,
    `SELECT schemaname || '.' || relname AS name, n_tup_ins + n_tup_upd + n_tup_del AS writes FROM pg_stat_all_tables`,
  );
  return {
    total: Number(db?.writes ?? 0),
    byTable: new Map(tables.map((row) => [row.name, Number(row.writes)])),
  };
}

export function writesBetween(before: WriteCounts, after: WriteCounts): WriteCounts {
  const byTable = new Map<string, number>();
  for (const [name, writes] of after.byTable) {
    const delta = writes - (before.byTable.get(name) ?? 0);
    if (delta !== 0) byTable.set(name, delta);
  }
  return { total: after.total - before.total, byTable };
}

/** "public.sessions 1,234, pg_catalog.pg_statistic 6" — the tables written, most first. */
export function describeTables(writes: WriteCounts): string {
  const entries = [...writes.byTable].sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([name, n]) => `${name} ${n.toLocaleString('en')}`).join(', ');
}

/**
 * ANALYZE the whole bench database now, so autovacuum finds nothing to analyze (and no
 * pg_statistic rows get written) while writes are being counted; then flush our own counts.
 */
export async function analyzeNow(benchAdminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchAdminUrl, application_name: 'okienko bench admin' });
  await client.connect();
  try {
    await client.query('ANALYZE');
    // The backend flushes its counts before replying to this statement (PostgreSQL 15 and later).
    await client.query('SELECT pg_stat_force_next_flush()');
  } finally {
    await client.end();
  }
}
