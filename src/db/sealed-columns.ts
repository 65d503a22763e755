// Every column holding values sealed with DATA_KEY (src/lib/sealed-box.ts), and the context
// each value is bound to. `okienko data-key:rotate` re-seals exactly these; a feature that
// seals a new column adds it here.
import { sealContext, type SealedMailIdentity } from '../mail/outbox.ts';

export interface SealedColumn {
  table: string;
  column: string;
  /** The row's key columns (besides tenant_id), by which it is updated. */
  keys: string[];
  /** Every column the context is built from (tenant_id is always read). */
  contextColumns: string[];
  context(row: Record<string, unknown>): string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'mail_outbox',
    column: 'sealed_params',
    keys: ['id'],
    contextColumns: ['id', 'recipient', 'template'],
    context: (row) => sealContext(row as unknown as SealedMailIdentity),
  },
];
