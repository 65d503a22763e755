// The only writer of staff_recovery_codes: the one-time codes that stand in for a lost
// authenticator. Enrolling in TOTP issues them; resetting TOTP throws them away with the secret,
// since a code printed for the old enrolment must not open the account after it.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';

/** Every recovery code of the member of staff gone, used or not. */
export async function discardRecoveryCodes(trx: Knex.Transaction, staffId: string): Promise<number> {
  return tenantRows(trx, 'staff_recovery_codes').where({ staff_id: staffId }).delete();
}

/** A new set of codes (their hashes), replacing whatever the member had. */
export async function replaceRecoveryCodes(
  trx: Knex.Transaction,
  staffId: string,
  hashes: readonly string[],
): Promise<void> {
  await discardRecoveryCodes(trx, staffId);
  await trx('staff_recovery_codes').insert(hashes.map((codeHash) => ({ staff_id: staffId, code_hash: codeHash })));
}

/** The member's codes not used yet, locked until commit, so one code cannot sign in twice at once. */
export async function unusedRecoveryCodes(
  trx: Knex.Transaction,
  staffId: string,
): Promise<{ id: string; hash: string }[]> {
  const rows = await tenantRows(trx, 'staff_recovery_codes')
    .where({ staff_id: staffId })
    .whereNull('used_at')
    .orderBy('id')
    .forUpdate()
    .select('id', 'code_hash');
  return rows.map((row) => ({ id: row.id as string, hash: row.code_hash as string }));
}

export async function markRecoveryCodeUsed(trx: Knex.Transaction, codeId: string, now: Date): Promise<void> {
  await tenantRows(trx, 'staff_recovery_codes').where({ id: codeId }).update({ used_at: now });
}
