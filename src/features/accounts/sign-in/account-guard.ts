// The per-account lockout, with its counters on the client's row so they hold across every
// web process. An attempt is counted *before* its password is verified, in one UPDATE that
// takes the row lock: however many wrong passwords arrive at once, at most `maxFailures`
// verifications run per window, and none while the account is locked. A right password
// clears the count (complete_sign_in); the failure that reaches the limit locks the account
// for `lockMinutes`.
import type { Knex } from 'knex';
import { runPrepared, type PreparedStatement } from '../../../platform/db/prepared-statement.ts';
import type { TenantId } from '../../../platform/tenancy/tenant-transaction.ts';
import type { TenantSettings } from '../../../platform/tenancy/tenant.ts';
import { lockIfAtLimit } from '../clients/clients.repo.ts';

export type Lockout = TenantSettings['lockout'];

/** What sign-in needs of an account once its attempt is counted. */
export interface CountedAccount {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  status: string;
  passwordHash: string | null;
  preferredLocale: string;
  startPasswordExpiresAt: Date | null;
}

export type Reservation =
  { kind: 'unknown' } | { kind: 'locked'; clientId: string } | { kind: 'counted'; account: CountedAccount };

/** Which column an identifier is looked up in: an e-mail has an @, a login never does. */
export function identifierColumn(identifier: string): 'email_key' | 'login_key' {
  return identifier.includes('@') ? 'email_key' : 'login_key';
}

const COUNT_ATTEMPT: PreparedStatement = {
  name: 'okienko_count_sign_in_attempt',
  text: 'SELECT * FROM count_sign_in_attempt($1, $2, $3, $4, $5, $6)',
};

/**
 * Counts an attempt on the account the identifier names, in one call of count_sign_in_attempt
 * (migration 20261202000300, where the rules are written out): a window older than
 * `windowMinutes` (or a lock that has run out) starts afresh; an account at its limit or locked
 * is not counted and its password must not be verified.
 */
export async function reserveAttempt(
  db: Knex,
  tenantId: TenantId,
  identifier: string,
  lockout: Lockout,
  now: Date,
): Promise<Reservation> {
  const [row] = await runPrepared<Record<string, unknown>>(db, COUNT_ATTEMPT, [
    tenantId,
    identifier,
    identifierColumn(identifier) === 'email_key',
    now,
    lockout.windowMinutes,
    lockout.maxFailures,
  ]);
  if (!row) return { kind: 'unknown' };
  if (!row.client_id) return { kind: 'locked', clientId: row.target_id as string };
  return {
    kind: 'counted',
    account: {
      id: row.client_id as string,
      firstName: row.first_name as string,
      lastName: row.last_name as string,
      email: row.email as string | null,
      status: row.status as string,
      passwordHash: row.password_hash as string | null,
      preferredLocale: row.preferred_locale as string,
      startPasswordExpiresAt: row.start_password_expires_at as Date | null,
    },
  };
}

/**
 * A wrong password: the attempt stays counted, and the one that reaches the limit locks the
 * account. Returns true when this failure locked it (the caller tells the owner).
 */
export async function recordFailure(
  trx: Knex.Transaction,
  clientId: string,
  lockout: Lockout,
  now: Date,
): Promise<boolean> {
  return lockIfAtLimit(trx, clientId, lockout.maxFailures, new Date(now.getTime() + lockout.lockMinutes * 60_000));
}
