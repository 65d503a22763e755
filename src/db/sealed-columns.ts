// Every column holding values sealed with DATA_KEY (src/lib/sealed-box.ts), and the context
// each value is bound to. `okienko data-key:rotate` re-seals exactly these; a feature that
// seals a new column adds it here.
import { sealContext } from '../mail/outbox.ts';

export interface SealedColumn {
  table: string;
  column: string;
  /** The row's key columns (besides tenant_id), read to rebuild the context. */
  keys: string[];
  context(row: Record<string, unknown>): string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'mail_outbox', column: 'sealed_params', keys: ['id'], context: (row) => sealContext(String(row.id)) },
];
