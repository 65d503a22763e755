// The only writer of staff_tokens: the invitation that lets a new member of staff set their
// first password, and the link that lets one set a new one. As with clients' links, the token
// is only in the link (platform/crypto/link-token.ts); it opens at most once, and a newer link
// of the same purpose voids the older.
import type { Knex } from 'knex';
import { isLinkToken, linkTokenHash, newLinkToken } from '../../platform/crypto/link-token.ts';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';

export type StaffTokenPurpose = 'invitation' | 'password_reset';

export type StaffTokenProblem = 'unknown' | 'expired' | 'used';

export type StaffTokenCheck = { staffId: string } | { problem: StaffTokenProblem };

interface TokenLookup {
  token: string;
  purpose: StaffTokenPurpose;
  now: Date;
}

/** A new link for the member of staff, voiding their earlier unused ones of the same purpose. */
export async function issueStaffToken(
  trx: Knex.Transaction,
  { staffId, purpose, lifetimeMs, now }: { staffId: string; purpose: StaffTokenPurpose; lifetimeMs: number; now: Date },
): Promise<string> {
  const token = newLinkToken();
  await voidStaffTokens(trx, staffId, now, [purpose]);
  await trx('staff_tokens').insert({
    staff_id: staffId,
    purpose,
    token_hash: linkTokenHash(token),
    created_at: now,
    expires_at: new Date(now.getTime() + lifetimeMs),
  });
  return token;
}

/** Whose the token is, without using it up (to show the right form); locks it until commit. */
export async function inspectStaffToken(
  trx: Knex.Transaction,
  { token, purpose, now }: TokenLookup,
): Promise<StaffTokenCheck> {
  if (!isLinkToken(token)) return { problem: 'unknown' };
  const row = await tenantRows(trx, 'staff_tokens')
    .where({ token_hash: linkTokenHash(token), purpose })
    .forUpdate()
    .first('staff_id', 'expires_at', 'used_at');
  if (!row) return { problem: 'unknown' };
  if (row.used_at) return { problem: 'used' };
  if (row.expires_at <= now) return { problem: 'expired' };
  return { staffId: row.staff_id as string };
}

/** Uses the token up, in the transaction of what it allows; a second use finds it used. */
export async function consumeStaffToken(trx: Knex.Transaction, lookup: TokenLookup): Promise<StaffTokenCheck> {
  const found = await inspectStaffToken(trx, lookup);
  if ('problem' in found) return found;
  await tenantRows(trx, 'staff_tokens')
    .where({ token_hash: linkTokenHash(lookup.token) })
    .update({ used_at: lookup.now });
  return found;
}

/** Every unused link of the member of staff (of these purposes, or all): what happened since must stand. */
export async function voidStaffTokens(
  trx: Knex.Transaction,
  staffId: string,
  now: Date,
  purposes?: readonly StaffTokenPurpose[],
): Promise<void> {
  await tenantRows(trx, 'staff_tokens')
    .where({ staff_id: staffId })
    .modify((query) => {
      if (purposes) query.whereIn('purpose', purposes);
    })
    .whereNull('used_at')
    .update({ used_at: now });
}
