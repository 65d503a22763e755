// Every column holding values sealed with DATA_KEY (src/platform/crypto/sealed-box.ts), and the context
// each value is bound to. `okienko data-key:rotate` re-seals exactly these; a feature that
// seals a new column adds it here.
import { blindIndexUnder } from '../../features/accounts/clients/national-id.ts';
import { nationalIdContext } from '../../features/accounts/registration/registration.service.ts';
import { sealContext, type SealedMailIdentity } from '../mail/outbox.ts';

export interface SealedColumn {
  table: string;
  column: string;
  /** The row's key columns (besides tenant_id), by which it is updated. */
  keys: string[];
  /** Every column the context is built from (tenant_id is always read). */
  contextColumns: string[];
  context(row: Record<string, unknown>): string;
  /** Columns computed from the plaintext under the key (a blind index), rewritten with it. */
  derived?(plain: string, row: Record<string, unknown>, dataKey: Buffer): Record<string, unknown>;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'mail_outbox',
    column: 'sealed_params',
    keys: ['id'],
    contextColumns: ['id', 'recipient', 'template'],
    context: (row) => sealContext(row as unknown as SealedMailIdentity),
  },
  {
    table: 'clients',
    column: 'national_id_sealed',
    keys: ['id'],
    contextColumns: ['id'],
    context: (row) => nationalIdContext(String(row.tenant_id), String(row.id)),
    // The PESEL's blind index is keyed from DATA_KEY too: under a new key, a new index.
    derived: (plain, row, dataKey) => ({ national_id_index: blindIndexUnder(dataKey, String(row.tenant_id), plain) }),
  },
];
