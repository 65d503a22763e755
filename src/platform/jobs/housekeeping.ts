// The worker role's housekeeping: purging what has expired, across tenants, in small batches
// so no run holds long locks. Web processes never prune. The platform purges its own tables;
// each feature's manifest lists the purges of its tables.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import { pruneAuditLog } from '../audit/retention.ts';

/** What one purge does: deletes (or anonymises) what is due at `now`, returning how many rows. */
export type Purge = (db: Knex, now: Date) => Promise<number>;

export const BATCH = 1_000;

/**
 * Runs a DELETE whose last binding is the batch size until a batch comes back short. On Citus
 * the batch's subquery (LIMIT, no lock) runs first across the shards, then the DELETE of its
 * rows across the shards: no statement needs one shard, so the purges delete across tenants.
 */
export async function deleteInBatches(db: Knex, sql: string, bindings: Knex.RawBinding[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.raw<{ rowCount: number }>(sql, [...bindings, BATCH]);
    total += rowCount;
    if (rowCount < BATCH) return total;
  }
}

/**
 * Single-use links (a table with expires_at and used_at): a day after they were used, or once
 * expired. The table's owner lists this in its purges (the clients' and the staff's links).
 */
export function pruneUsedOrExpiredLinks(db: Knex, table: string, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM ${db.client.wrapIdentifier(table)} WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM ${db.client.wrapIdentifier(table)} WHERE expires_at < ? OR used_at < ? LIMIT ?)`,
    [now, new Date(now.getTime() - DAY_MS)],
  );
}

const SESSION_BATCH_SPAN_MS = 60 * 60_000;

/**
 * Sessions past their expiry (the nearer of the idle and absolute deadlines). The worker may
 * read only when sessions expire, so it deletes in slices of expiry time, oldest first.
 */
export async function pruneExpiredSessions(db: Knex, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await db.raw<{ rows: { oldest: Date | null }[] }>('SELECT min(expire) AS oldest FROM sessions');
    const oldest = rows[0]?.oldest;
    if (!oldest || oldest >= now) return total;
    const upTo = new Date(Math.min(oldest.getTime() + SESSION_BATCH_SPAN_MS, now.getTime()));
    const { rowCount } = await db.raw<{ rowCount: number }>('DELETE FROM sessions WHERE expire < ?', [upTo]);
    total += rowCount;
    // Nothing went (a row it cannot delete): stop rather than spin.
    if (rowCount === 0) return total;
  }
}

/** Rate-limit counters whose window has closed (expire is epoch milliseconds). */
export function pruneRateLimits(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    'DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE expire < ? LIMIT ?)',
    [now.getTime()],
  );
}

/**
 * How long a finished mail's record (recipient, template, outcome; its content is erased when
 * it is sent or given up) stays for staff to answer "did you send it?".
 */
export const MAIL_HISTORY_DAYS = 90;

export const DAY_MS = 24 * 60 * 60_000;

/** Outbox records of mails finished (sent, dead or dropped) longer ago than the history keeps. */
export function pruneMailHistory(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM mail_outbox WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM mail_outbox WHERE status <> 'queued' AND created_at < ? LIMIT ?)`,
    [new Date(now.getTime() - MAIL_HISTORY_DAYS * DAY_MS)],
  );
}

/** The platform's own tables: sessions, rate-limit counters, finished mail and the audit log. */
const PLATFORM_PURGES: Readonly<Record<string, Purge>> = {
  sessions: pruneExpiredSessions,
  rateLimits: pruneRateLimits,
  mailHistory: pruneMailHistory,
  auditLog: pruneAuditLog,
};

export interface Housekeeping {
  /** One pass over every job; what the timer runs, and what tests call directly. */
  runOnce(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export function startHousekeeping({
  db,
  clock,
  logger,
  purges,
  everyMs = 5 * 60_000,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  /** The features' purges (their manifests), run after the platform's own, in order. */
  purges: Readonly<Record<string, Purge>>;
  everyMs?: number;
}): Housekeeping {
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async () => {
    const now = clock.now();
    const purged: Record<string, number> = {};
    for (const [name, purge] of Object.entries({ ...PLATFORM_PURGES, ...purges })) purged[name] = await purge(db, now);
    if (Object.values(purged).some((count) => count > 0)) logger.info({ purged }, 'housekeeping');
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
