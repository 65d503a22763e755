// The worker role's housekeeping: purging what has expired, across tenants, in small batches
// so no run holds long locks. Web processes never prune. The mail outbox joins here later.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';

const BATCH = 1_000;

async function deleteInBatches(db: Knex, sql: string, bindings: Knex.RawBinding[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.raw<{ rowCount: number }>(sql, [...bindings, BATCH]);
    total += rowCount;
    if (rowCount < BATCH) return total;
  }
}

/** Sessions past their expiry (idle or absolute deadline, whichever is nearer). */
export function pruneExpiredSessions(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    'DELETE FROM sessions WHERE (tenant_id, sid) IN (SELECT tenant_id, sid FROM sessions WHERE expire < ? LIMIT ?)',
    [now],
  );
}

/** Rate-limit counters whose window has closed (expire is epoch milliseconds). */
export function pruneRateLimits(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    'DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE expire < ? LIMIT ?)',
    [now.getTime()],
  );
}

export interface Housekeeping {
  /** One pass over every job; what the timer runs, and what tests call directly. */
  runOnce(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export function startHousekeeping({
  db,
  clock,
  logger,
  everyMs = 5 * 60_000,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  everyMs?: number;
}): Housekeeping {
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async () => {
    const now = clock.now();
    const purged = { sessions: await pruneExpiredSessions(db, now), rateLimits: await pruneRateLimits(db, now) };
    if (purged.sessions + purged.rateLimits > 0) logger.info({ purged }, 'housekeeping');
    return purged;
  };
  const tick = () => {
    running = runOnce().catch((error: unknown) => logger.warn({ err: error }, 'housekeeping failed; retrying later'));
  };
  // A little jitter, so several workers started together do not all run at once.
  const timer = setInterval(tick, everyMs + Math.floor(Math.random() * 10_000));
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
