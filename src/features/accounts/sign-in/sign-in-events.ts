// The sign-in history of an account: every attempt with its time, outcome, IP and browser.
// The client sees their own on the security page; the counter will see them too.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export const SIGN_IN_OUTCOMES = [
  'success',
  'wrong_password',
  'locked',
  'start_password_expired',
  'closed',
  'blocked',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

export interface SignInEvent {
  occurredAt: Date;
  outcome: SignInOutcome;
  ip: string;
  userAgent: string;
}

/** How long the history is kept; the worker removes older events. */
export const SIGN_IN_HISTORY_DAYS = 365;

export async function recordSignInEvent(trx: Knex.Transaction, clientId: string, event: SignInEvent): Promise<void> {
  await trx('sign_in_events').insert({
    client_id: clientId,
    occurred_at: event.occurredAt,
    outcome: event.outcome,
    ip: event.ip.slice(0, 64),
    user_agent: event.userAgent.slice(0, 512),
  });
}

/**
 * Attempts on a locked account cost nothing to send and are never verified, so they are
 * recorded at most once a minute per account: the owner still sees that they happened, and a
 * flood cannot grow the history without bound.
 */
export async function recordLockedAttempt(trx: Knex.Transaction, clientId: string, event: SignInEvent): Promise<void> {
  // Concurrent attempts queue on the account's row, so each looks only once the one before it
  // has committed its record (unlocked, a burst all found none and each recorded one). NO KEY
  // UPDATE leaves other history inserts free: their foreign key check takes KEY SHARE.
  await tenantRows(trx, 'clients').where({ id: clientId }).forNoKeyUpdate().first('id');
  const since = new Date(event.occurredAt.getTime() - 60_000);
  const recent = await tenantRows(trx, 'sign_in_events')
    .where({ client_id: clientId, outcome: 'locked' })
    .andWhere('occurred_at', '>', since)
    .first('id');
  if (!recent) await recordSignInEvent(trx, clientId, event);
}

/** The newest events of one client (of one outcome, if given), newest first. */
export async function recentSignInEvents(
  trx: Knex.Transaction,
  clientId: string,
  { limit = 20, outcome }: { limit?: number; outcome?: SignInOutcome } = {},
): Promise<SignInEvent[]> {
  const rows = await tenantRows(trx, 'sign_in_events')
    .where({ client_id: clientId, ...(outcome ? { outcome } : {}) })
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .select('occurred_at', 'outcome', 'ip', 'user_agent');
  return rows.map((row) => ({
    occurredAt: row.occurred_at as Date,
    outcome: row.outcome as SignInOutcome,
    ip: row.ip as string,
    userAgent: row.user_agent as string,
  }));
}
