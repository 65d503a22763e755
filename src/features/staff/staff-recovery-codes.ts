// The only writer of staff_recovery_codes: the one-time codes that stand in for a lost
// authenticator. Enrolling in TOTP issues them; resetting TOTP throws them away with the secret,
// since a code printed for the old enrolment must not open the account after it.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';

/** Every recovery code of the member of staff gone, used or not. */
export async function discardRecoveryCodes(trx: Knex.Transaction, staffId: string): Promise<number> {
  return tenantRows(trx, 'staff_recovery_codes').where({ staff_id: staffId }).delete();
}
