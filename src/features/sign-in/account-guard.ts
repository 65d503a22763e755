// The per-account lockout, with its counters on the client's row so they hold across every
// web process. An attempt is counted *before* its password is verified, in one UPDATE that
// takes the row lock: however many wrong passwords arrive at once, at most `maxFailures`
// verifications run per window, and none while the account is locked. A right password
// clears the count; the failure that reaches the limit locks the account for `lockMinutes`.
import type { Knex } from 'knex';
import type { TenantSettings } from '../tenants/tenant.ts';

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

/**
 * Counts an attempt on the account the identifier names. A window older than `windowMinutes`
 * (or a lock that has run out) starts afresh; an account at its limit or locked is not counted
 * and its password must not be verified.
 */
export async function reserveAttempt(
  trx: Knex.Transaction,
  identifier: string,
  lockout: Lockout,
  now: Date,
): Promise<Reservation> {
  const windowStart = new Date(now.getTime() - lockout.windowMinutes * 60_000);
  // Every decision reads the row as the UPDATE finds it: when concurrent attempts queue on
  // the row lock, each re-evaluates against the version the one before it committed.
  const restart = `(c.failures_since IS NULL OR c.failures_since <= :windowStart OR coalesce(c.locked_until <= :now, false))`;
  const { rows } = await trx.raw<{ rows: Record<string, unknown>[] }>(
    `WITH target AS (
       SELECT id FROM clients WHERE ${identifierColumn(identifier)} = lower(:identifier)
     ), counted AS (
       UPDATE clients c SET
         failed_sign_ins = CASE WHEN ${restart} THEN 1 ELSE c.failed_sign_ins + 1 END,
         failures_since = CASE WHEN ${restart} THEN :now ELSE c.failures_since END,
         locked_until = CASE WHEN c.locked_until <= :now THEN NULL ELSE c.locked_until END
       WHERE c.id IN (SELECT id FROM target)
         AND (c.locked_until IS NULL OR c.locked_until <= :now)
         AND (${restart} OR c.failed_sign_ins < :maxFailures)
       RETURNING c.id, c.first_name, c.last_name, c.email, c.status, c.password_hash, c.preferred_locale,
         c.start_password_expires_at
     )
     SELECT target.id AS target_id, counted.* FROM target LEFT JOIN counted ON true`,
    { identifier, windowStart, now, maxFailures: lockout.maxFailures },
  );
  const row = rows[0];
  if (!row) return { kind: 'unknown' };
  if (!row.id) return { kind: 'locked', clientId: row.target_id as string };
  return {
    kind: 'counted',
    account: {
      id: row.id as string,
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

/** A right password: the count starts again from nothing. */
export async function clearFailures(trx: Knex.Transaction, clientId: string): Promise<void> {
  await trx('clients').where({ id: clientId }).update({ failed_sign_ins: 0, failures_since: null, locked_until: null });
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
  const locked = await trx('clients')
    .where({ id: clientId })
    .andWhere('failed_sign_ins', '>=', lockout.maxFailures)
    .whereNull('locked_until')
    .update({ locked_until: new Date(now.getTime() + lockout.lockMinutes * 60_000) });
  return locked > 0;
}
