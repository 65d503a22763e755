// A member of staff's TOTP secret at rest: sealed with DATA_KEY (platform/crypto/sealed-box.ts)
// in staff.totp_secret_sealed, bound to its tenant and its owner, so a sealed secret copied to
// another row does not open. What is sealed is the secret as the authenticator app is given it
// (base32). data-key:rotate re-seals it through the column listed in the manifest.
import type { SealedColumn } from '../../platform/crypto/sealed-columns.ts';

export function totpSecretContext(tenantId: string, staffId: string): string {
  return `staff.totp_secret:${tenantId}:${staffId}`;
}

export const TOTP_SECRET_COLUMN: SealedColumn = {
  table: 'staff',
  column: 'totp_secret_sealed',
  keys: ['id'],
  contextColumns: ['id'],
  context: (row) => totpSecretContext(String(row.tenant_id), String(row.id)),
};
