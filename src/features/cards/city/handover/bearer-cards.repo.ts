// city_bearer_cards: the one module that reads and writes it (migration 20261217000400). A city
// card sold to the bearer, with no holder: its number, the money accounts of its loads and of its
// refundable deposit, and whether it is blocked. Every function takes a withTenant() transaction;
// another tenant's card is not found. A block is a conditional UPDATE on 'active', so of two
// clerks blocking it at once one does, and the other finds it blocked.
import type { Knex } from 'knex';
import { tenantRows } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { BlockedCard } from '../../cards.repo.ts';

export interface BearerCard {
  id: string;
  cardTypeId: string;
  number: string;
  state: 'active' | 'blocked';
  soldAt: Date;
  /** The money account its loads were paid to. */
  accountId: string;
  /** The money account that holds its deposit for whoever returns the card. */
  depositAccountId: string;
  blockedAt: Date | null;
}

interface BearerCardRow {
  id: string;
  card_type_id: string;
  number: string;
  state: 'active' | 'blocked';
  sold_at: Date;
  account_id: string;
  deposit_account_id: string;
  blocked_at: Date | null;
}

const COLUMNS = ['id', 'card_type_id', 'number', 'state', 'sold_at', 'account_id', 'deposit_account_id', 'blocked_at'];

function toBearerCard(row: BearerCardRow): BearerCard {
  return {
    id: row.id,
    cardTypeId: row.card_type_id,
    number: row.number,
    state: row.state,
    soldAt: row.sold_at,
    accountId: row.account_id,
    depositAccountId: row.deposit_account_id,
    blockedAt: row.blocked_at,
  };
}

/** The card sold, under the id its accounts were opened for. */
export async function insertBearerCard(
  trx: Knex.Transaction,
  card: Omit<BearerCard, 'state' | 'blockedAt'> & { soldBy: string },
): Promise<void> {
  await trx('city_bearer_cards').insert({
    id: card.id,
    card_type_id: card.cardTypeId,
    number: card.number,
    state: 'active',
    sold_at: card.soldAt,
    sold_by: card.soldBy,
    account_id: card.accountId,
    deposit_account_id: card.depositAccountId,
  });
}

export async function bearerCardById(trx: Knex.Transaction, id: string): Promise<BearerCard | undefined> {
  const row = await tenantRows(trx, 'city_bearer_cards').where({ id }).first(COLUMNS);
  return row ? toBearerCard(row as BearerCardRow) : undefined;
}

/** Blocks the card; false when it was blocked already. */
export async function blockBearerCard(trx: Knex.Transaction, id: string, now: Date): Promise<boolean> {
  const updated = await tenantRows(trx, 'city_bearer_cards')
    .where({ id, state: 'active' })
    .update({ state: 'blocked', blocked_at: now });
  return updated === 1;
}

/** The blocked bearer cards, for the hot list, in the order they were blocked. */
export async function blockedBearerCards(trx: Knex.Transaction): Promise<BlockedCard[]> {
  const rows = await tenantRows(trx, 'city_bearer_cards')
    .where({ state: 'blocked' })
    .orderBy('blocked_at')
    .orderBy('number')
    .select('number', 'blocked_at');
  return (rows as { number: string; blocked_at: Date }[]).map((row) => ({
    number: row.number,
    blockedAt: row.blocked_at,
  }));
}
