// Single-use links for a client's account: activation, password reset, e-mail change. The
// token is given out once, in the mail, and kept only as its hash (platform/crypto/link-token.ts).
import type { Knex } from 'knex';
import { isLinkToken, linkTokenHash as hashOf, newLinkToken } from '../../../platform/crypto/link-token.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export type TokenPurpose = 'activation' | 'password_reset' | 'email_change';

export type TokenProblem = 'unknown' | 'expired' | 'used';

/** A live token: whose it is, and for an e-mail change the address it confirms. */
export type TokenCheck = { clientId: string; newEmail?: string } | { problem: TokenProblem };

/** What a token is for: an e-mail change link carries the address it confirms, no other does. */
export type TokenRequest = { clientId: string; lifetimeMs: number; now: Date } & (
  { purpose: 'activation' | 'password_reset'; newEmail?: never } | { purpose: 'email_change'; newEmail: string }
);

/**
 * A new token for the client and purpose, handed to `deliver` (which queues the mail carrying
 * it, in the same transaction). Only if it was delivered is it stored and every earlier
 * unused one voided, so only the newest link works; a mail the throttle held back leaves the
 * older link working instead of none. Returns the token, or undefined when not delivered.
 */
export async function issueToken(
  trx: Knex.Transaction,
  { clientId, purpose, lifetimeMs, now, newEmail }: TokenRequest,
  deliver: (token: string) => Promise<boolean>,
): Promise<string | undefined> {
  const token = newLinkToken();
  if (!(await deliver(token))) return undefined;
  await tenantRows(trx, 'account_tokens')
    .where({ client_id: clientId, purpose })
    .whereNull('used_at')
    .update({ used_at: now });
  await trx('account_tokens').insert({
    client_id: clientId,
    purpose,
    token_hash: hashOf(token),
    created_at: now,
    expires_at: new Date(now.getTime() + lifetimeMs),
    new_email: newEmail ?? null,
  });
  return token;
}

/** What a token from a link leads to, without using it up (to show the right form). */
export async function inspectToken(
  trx: Knex.Transaction,
  { token, purpose, now }: { token: string; purpose: TokenPurpose; now: Date },
): Promise<TokenCheck> {
  if (!isLinkToken(token)) return { problem: 'unknown' };
  const row = await tenantRows(trx, 'account_tokens')
    .where({ token_hash: hashOf(token), purpose })
    .forUpdate()
    .first('client_id', 'expires_at', 'used_at', 'new_email');
  if (!row) return { problem: 'unknown' };
  if (row.used_at) return { problem: 'used' };
  if (row.expires_at <= now) return { problem: 'expired' };
  const clientId = row.client_id as string;
  return row.new_email ? { clientId, newEmail: row.new_email as string } : { clientId };
}

/** Uses the token up, in the transaction of what it allows; a second use finds it used. */
export async function consumeToken(
  trx: Knex.Transaction,
  { token, purpose, now }: { token: string; purpose: TokenPurpose; now: Date },
): Promise<TokenCheck> {
  const found = await inspectToken(trx, { token, purpose, now });
  if ('problem' in found) return found;
  await tenantRows(trx, 'account_tokens')
    .where({ token_hash: hashOf(token) })
    .update({ used_at: now });
  return found;
}

/**
 * Every unused link of a client with one of these purposes (all of them when none is given)
 * voided: what happened since (a new password, a new address, a closed account) must not be
 * undone by a link sent before it.
 */
export async function voidOpenTokens(
  trx: Knex.Transaction,
  clientId: string,
  now: Date,
  purposes?: readonly TokenPurpose[],
): Promise<void> {
  await tenantRows(trx, 'account_tokens')
    .where({ client_id: clientId })
    .modify((query) => {
      if (purposes) query.whereIn('purpose', purposes);
    })
    .whereNull('used_at')
    .update({ used_at: now });
}
