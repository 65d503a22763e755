// The worker role's housekeeping: purging what has expired, across tenants, in small batches
// so no run holds long locks. Web processes never prune.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import { SIGN_IN_HISTORY_DAYS } from '../../features/accounts/sign-in/sign-in-events.ts';

const BATCH = 1_000;

async function deleteInBatches(db: Knex, sql: string, bindings: Knex.RawBinding[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.raw<{ rowCount: number }>(sql, [...bindings, BATCH]);
    total += rowCount;
    if (rowCount < BATCH) return total;
  }
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

const DAY_MS = 24 * 60 * 60_000;

/** Outbox records of mails finished (sent, dead or dropped) longer ago than the history keeps. */
export function pruneMailHistory(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM mail_outbox WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM mail_outbox WHERE status <> 'queued' AND created_at < ? LIMIT ?)`,
    [new Date(now.getTime() - MAIL_HISTORY_DAYS * DAY_MS)],
  );
}

/** Account links that can no longer be used: expired, or used (or voided) more than a day ago. */
export function pruneAccountTokens(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM account_tokens WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM account_tokens WHERE expires_at < ? OR used_at < ? LIMIT ?)`,
    [now, new Date(now.getTime() - 24 * 60 * 60_000)],
  );
}

/**
 * Self-registrations never activated, past their expiry (the link's lifetime and a grace
 * period): removed, so nobody can hold a stranger's PESEL or e-mail by registering it first.
 */
export function pruneExpiredRegistrations(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM clients WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM clients
        WHERE status = 'pending_activation' AND registration_expires_at < ? LIMIT ?)`,
    [now],
  );
}

/** Sign-in events older than the history keeps (a year). */
export function pruneSignInEvents(db: Knex, now: Date): Promise<number> {
  return deleteInBatches(
    db,
    `DELETE FROM sign_in_events WHERE (tenant_id, id) IN (
       SELECT tenant_id, id FROM sign_in_events WHERE occurred_at < ? LIMIT ?)`,
    [new Date(now.getTime() - SIGN_IN_HISTORY_DAYS * DAY_MS)],
  );
}

/**
 * What an anonymised client's names become (the columns must hold 1–100 characters). Not a
 * word in any one language: pages show the status 'anonymised' in the reader's.
 */
export const ANONYMISED_NAME = '*';

/**
 * Closed accounts past the tenant's retention period (anonymise_after; NULL while the tenant
 * must keep the data): names replaced by a marker, e-mail, login, PESEL and password gone,
 * status 'anonymised', and their sign-in history, account links and mail records deleted.
 * What stays is that an account existed, when it was opened and closed, and its consents.
 * A client with a mail still queued (the "account closed" confirmation) waits for it to go.
 * The worker role may see only closing clients and turn them only into anonymised ones
 * (migration 20261122001600), so an active account cannot be touched by this job.
 */
export async function anonymiseClosedAccounts(db: Knex, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.raw<{ rowCount: number }>(
      `WITH due AS (
         SELECT c.tenant_id, c.id FROM clients c
          WHERE c.status = 'closing' AND c.anonymise_after <= ?
            AND NOT EXISTS (SELECT 1 FROM mail_outbox m
                             WHERE m.tenant_id = c.tenant_id AND m.user_id = c.id AND m.status = 'queued')
          ORDER BY c.anonymise_after LIMIT ? FOR UPDATE OF c SKIP LOCKED),
       events AS (DELETE FROM sign_in_events e USING due WHERE e.tenant_id = due.tenant_id AND e.client_id = due.id),
       links AS (DELETE FROM account_tokens t USING due WHERE t.tenant_id = due.tenant_id AND t.client_id = due.id),
       mails AS (DELETE FROM mail_outbox m USING due WHERE m.tenant_id = due.tenant_id AND m.user_id = due.id)
       UPDATE clients c SET first_name = ?, last_name = ?, email = NULL, login = NULL, national_id_sealed = NULL,
              national_id_index = NULL, password_hash = NULL, status = 'anonymised', failed_sign_ins = 0,
              failures_since = NULL, locked_until = NULL, start_password_expires_at = NULL, anonymise_after = NULL
         FROM due WHERE c.tenant_id = due.tenant_id AND c.id = due.id`,
      [now, BATCH, ANONYMISED_NAME, ANONYMISED_NAME],
    );
    total += rowCount;
    if (rowCount < BATCH) return total;
  }
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
    const purged = {
      sessions: await pruneExpiredSessions(db, now),
      rateLimits: await pruneRateLimits(db, now),
      mailHistory: await pruneMailHistory(db, now),
      accountTokens: await pruneAccountTokens(db, now),
      expiredRegistrations: await pruneExpiredRegistrations(db, now),
      signInEvents: await pruneSignInEvents(db, now),
      anonymisedAccounts: await anonymiseClosedAccounts(db, now),
    };
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
