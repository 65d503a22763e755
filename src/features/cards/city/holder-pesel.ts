// The city card holder's PESEL on the card (cards.holder_pesel_sealed, migration 20261217000100):
// sealed under DATA_KEY like a client's, bound to the tenant and the card, with the same blind
// index, so the status check and the one-card-per-holder rule find it without opening anything.
// data-key:rotate re-seals it and recomputes the index (HOLDER_PESEL_COLUMN, in the manifest).
import type { SealedColumn } from '../../../platform/crypto/sealed-columns.ts';
import { blindIndexUnder, type NationalIdProtector } from '../../accounts/index.ts';
import type { SealedHolder } from '../cards.repo.ts';

export function holderPeselContext(tenantId: string, cardId: string): string {
  return `cards.holder_pesel:${tenantId}:${cardId}`;
}

/** The holder's PESEL (11 digits, as parsePesel accepted them) sealed to the card. */
export function sealHolder(
  nationalIds: NationalIdProtector,
  tenantId: string,
  cardId: string,
  pesel: string,
): SealedHolder {
  return {
    sealed: nationalIds.seal(pesel, holderPeselContext(tenantId, cardId)),
    index: nationalIds.blindIndex(tenantId, pesel),
  };
}

export const HOLDER_PESEL_COLUMN: SealedColumn = {
  table: 'cards',
  column: 'holder_pesel_sealed',
  keys: ['id'],
  contextColumns: ['id'],
  context: (row) => holderPeselContext(String(row.tenant_id), String(row.id)),
  derived: (plain, row, dataKey) => ({ holder_pesel_index: blindIndexUnder(dataKey, String(row.tenant_id), plain) }),
};
