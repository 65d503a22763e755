// A column holding values sealed with DATA_KEY (sealed-box.ts), and the context each value is
// bound to. `okienko data-key:rotate` re-seals the platform's (below) and those the features'
// manifests list; a feature that seals a new column lists it in its manifest.
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

/** The platform's own sealed columns: queued mail's parameters. */
export const PLATFORM_SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'mail_outbox',
    column: 'sealed_params',
    keys: ['id'],
    contextColumns: ['id', 'recipient', 'template'],
    context: (row) => sealContext(row as unknown as SealedMailIdentity),
  },
];
