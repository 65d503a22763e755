// The accounts' purges, run by the worker's housekeeping (platform/jobs/housekeeping.ts) as
// the worker role, across tenants, in small batches.
import type { Knex } from 'knex';
import {
  BATCH,
  DAY_MS,
  deleteInBatches,
  pruneUsedOrExpiredLinks,
  type Purge,
} from '../../platform/jobs/housekeeping.ts';
import { SIGN_IN_HISTORY_DAYS } from './sign-in/sign-in-events.ts';

/** Account links that can no longer be used: expired, or used (or voided) more than a day ago. */
export function pruneAccountTokens(db: Knex, now: Date): Promise<number> {
  return pruneUsedOrExpiredLinks(db, 'account_tokens', now);
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
 * status 'anonymised', and their sign-in history, account links, mail records and identity
 * checks at the counter (a representative's name among them) deleted.
 * What stays is that an account existed, when it was opened and closed, and its consents.
 * A client with a mail still queued (the "account closed" confirmation) waits for it to go.
 * The worker role may see only closing clients and turn them only into anonymised ones
 * (migration 20261122001600), so an active account cannot be touched by this job.
 */
export async function anonymiseClosedAccounts(db: Knex, now: Date): Promise<number> {
  // Tenant by tenant, each statement naming its tenant in every table: on Citus a statement
  // that locks rows (FOR UPDATE) must stay on one shard, and a tenant's rows share one.
  const { rows: tenants } = await db.raw<{ rows: { tenant_id: string }[] }>(
    `SELECT DISTINCT tenant_id FROM clients WHERE status = 'closing' AND anonymise_after <= ?`,
    [now],
  );
  let total = 0;
  for (const { tenant_id: tenant } of tenants) {
    for (;;) {
      const { rowCount } = await db.raw<{ rowCount: number }>(
        `WITH due AS (
           SELECT c.tenant_id, c.id FROM clients c
            WHERE c.tenant_id = :tenant AND c.status = 'closing' AND c.anonymise_after <= :now
              AND NOT EXISTS (SELECT 1 FROM mail_outbox m
                               WHERE m.tenant_id = :tenant AND m.user_id = c.id AND m.status = 'queued')
            ORDER BY c.anonymise_after LIMIT :batch FOR UPDATE OF c SKIP LOCKED),
         events AS (DELETE FROM sign_in_events e USING due
                     WHERE e.tenant_id = :tenant AND e.tenant_id = due.tenant_id AND e.client_id = due.id),
         links AS (DELETE FROM account_tokens t USING due
                    WHERE t.tenant_id = :tenant AND t.tenant_id = due.tenant_id AND t.client_id = due.id),
         mails AS (DELETE FROM mail_outbox m USING due
                    WHERE m.tenant_id = :tenant AND m.tenant_id = due.tenant_id AND m.user_id = due.id),
         checks AS (DELETE FROM client_identity_checks k USING due
                     WHERE k.tenant_id = :tenant AND k.tenant_id = due.tenant_id AND k.client_id = due.id)
         UPDATE clients c SET first_name = :name, last_name = :name, email = NULL, login = NULL, phone = NULL,
                national_id_sealed = NULL, national_id_index = NULL, password_hash = NULL, status = 'anonymised',
                failed_sign_ins = 0, failures_since = NULL, locked_until = NULL, start_password_expires_at = NULL,
                anonymise_after = NULL
           FROM due WHERE c.tenant_id = :tenant AND c.tenant_id = due.tenant_id AND c.id = due.id`,
        { tenant, now, batch: BATCH, name: ANONYMISED_NAME },
      );
      total += rowCount;
      if (rowCount < BATCH) break;
    }
  }
  return total;
}

/** In the order they run: closed accounts last, after their links and history are gone by age. */
export const ACCOUNT_PURGES: Readonly<Record<string, Purge>> = {
  accountTokens: pruneAccountTokens,
  expiredRegistrations: pruneExpiredRegistrations,
  signInEvents: pruneSignInEvents,
  anonymisedAccounts: anonymiseClosedAccounts,
};
