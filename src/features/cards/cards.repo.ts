// cards: the one module that reads and writes it. Every function takes a withTenant()
// transaction; a card of another tenant is not found. A state changes only by moveState, a
// conditional UPDATE on the state it is expected to leave: of two transitions taken at once
// from the same state, one changes the row and the other finds it moved (no lock held across
// the request, and the same on Citus, where the UPDATE names the tenant's shard).
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { Card } from './cards.types.ts';
import { FINAL_STATES, type CardState } from './workflow.ts';

interface CardRow {
  id: string;
  card_type_id: string;
  client_id: string;
  state: CardState;
  state_since: Date;
  number: string | null;
  account_id: string | null;
  created_at: Date;
}

/**
 * cards_one_open's predicate (and cards_one_open_holder's), written out: ON CONFLICT finds the
 * partial index only by a WHERE that implies the index's, which a bound parameter never does.
 */
const IN_PLAY = `state NOT IN (${FINAL_STATES.map((state) => `'${state}'`).join(', ')})`;

const COLUMNS = ['id', 'card_type_id', 'client_id', 'state', 'state_since', 'number', 'account_id', 'created_at'];

function toCard(row: CardRow): Card {
  return {
    id: row.id,
    cardTypeId: row.card_type_id,
    clientId: row.client_id,
    state: row.state,
    stateSince: row.state_since,
    number: row.number,
    accountId: row.account_id,
    createdAt: row.created_at,
  };
}

/**
 * A draft card of the type for the client; undefined when the client has one of the type still
 * in play (not in a final state: cards_one_open), made now by another request included: then the
 * caller reads that one.
 */
export async function insertDraft(
  trx: Knex.Transaction,
  input: { cardTypeId: string; clientId: string; now: Date },
): Promise<string | undefined> {
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO cards (card_type_id, client_id, state, state_since) VALUES (?, ?, 'draft', ?)
     ON CONFLICT (tenant_id, client_id, card_type_id) WHERE holder_pesel_index IS NULL AND ${IN_PLAY}
     DO NOTHING RETURNING id`,
    [input.cardTypeId, input.clientId, input.now],
  );
  return rows[0]?.id;
}

/**
 * A draft card of the type for a holder named by their PESEL (the city card: the account applying
 * may be the holder's parent), its id chosen by the caller as the sealed PESEL is bound to it;
 * false when the holder has a card of the type still in play (cards_one_open_holder), whoever
 * applied for it.
 */
export async function insertHolderDraft(
  trx: Knex.Transaction,
  input: { id: string; cardTypeId: string; clientId: string; holder: SealedHolder; now: Date },
): Promise<boolean> {
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO cards (id, card_type_id, client_id, state, state_since, holder_pesel_sealed, holder_pesel_index)
     VALUES (?, ?, ?, 'draft', ?, ?, ?)
     ON CONFLICT (tenant_id, card_type_id, holder_pesel_index) WHERE holder_pesel_index IS NOT NULL AND ${IN_PLAY}
     DO NOTHING RETURNING id`,
    [input.id, input.cardTypeId, input.clientId, input.now, input.holder.sealed, input.holder.index],
  );
  return rows.length === 1;
}

/** A holder's PESEL as a card keeps it: sealed to the card, and its blind index for look-ups. */
export interface SealedHolder {
  sealed: Buffer;
  index: Buffer;
}

/** Changes the holder of a card still in draft or returned (the applicant corrected the PESEL). */
export async function changeHolder(trx: Knex.Transaction, id: string, holder: SealedHolder): Promise<boolean> {
  const updated = await tenantRows(trx, 'cards')
    .where({ id })
    .whereIn('state', ['draft', 'returned'])
    .update({ holder_pesel_sealed: holder.sealed, holder_pesel_index: holder.index });
  return updated === 1;
}

/** The sealed PESEL of the card's holder and its blind index; undefined for a card without one. */
export async function holderOf(trx: Knex.Transaction, id: string): Promise<SealedHolder | undefined> {
  const row = await tenantRows(trx, 'cards')
    .where({ id })
    .whereNotNull('holder_pesel_index')
    .first<{ holder_pesel_sealed: Buffer; holder_pesel_index: Buffer } | undefined>(
      'holder_pesel_sealed',
      'holder_pesel_index',
    );
  return row ? { sealed: row.holder_pesel_sealed, index: row.holder_pesel_index } : undefined;
}

/** The card of the type still in play whose holder has this blind index, whoever applied for it. */
export async function openCardOfHolder(
  trx: Knex.Transaction,
  cardTypeId: string,
  holderIndex: Buffer,
): Promise<Card | undefined> {
  const row = await tenantRows(trx, 'cards')
    .where({ card_type_id: cardTypeId, holder_pesel_index: holderIndex })
    .whereNotIn('state', FINAL_STATES)
    .first(COLUMNS);
  return row ? toCard(row as CardRow) : undefined;
}

export async function cardById(trx: Knex.Transaction, id: string): Promise<Card | undefined> {
  const row = await tenantRows(trx, 'cards').where({ id }).first(COLUMNS);
  return row ? toCard(row as CardRow) : undefined;
}

/**
 * The card, its row locked FOR SHARE until the transaction ends: a block or a replacement (an
 * UPDATE of the row) waits for what reads the card's state to act on it (an entry, a sale), and
 * what reads it after finds the new state.
 */
export async function lockCard(trx: Knex.Transaction, id: string): Promise<Card | undefined> {
  const row = await tenantRows(trx, 'cards').where({ id }).forShare().first(COLUMNS);
  return row ? toCard(row as CardRow) : undefined;
}

/** The client's card of the type still in play (in no final state). */
export async function openCardOf(
  trx: Knex.Transaction,
  clientId: string,
  cardTypeId: string,
): Promise<Card | undefined> {
  const row = await tenantRows(trx, 'cards')
    .where({ client_id: clientId, card_type_id: cardTypeId })
    .whereNotIn('state', FINAL_STATES)
    .first(COLUMNS);
  return row ? toCard(row as CardRow) : undefined;
}

/** The client's cards, the newest first. */
export async function cardsOfClient(trx: Knex.Transaction, clientId: string): Promise<Card[]> {
  const rows = await tenantRows(trx, 'cards')
    .where({ client_id: clientId })
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .select(COLUMNS);
  return (rows as CardRow[]).map(toCard);
}

/** Moves the card from `from` to `to`; false when it was not in `from` (moved meanwhile). */
export async function moveState(
  trx: Knex.Transaction,
  id: string,
  change: { from: CardState; to: CardState; now: Date },
): Promise<boolean> {
  const updated = await tenantRows(trx, 'cards')
    .where({ id, state: change.from })
    .update({ state: change.to, state_since: change.now });
  return updated === 1;
}

/** The card's number, and the money account its fees are charged to when it has one. */
export async function numberCard(
  trx: Knex.Transaction,
  id: string,
  numbered: { number: string; accountId?: string },
): Promise<void> {
  await tenantRows(trx, 'cards')
    .where({ id })
    .update({ number: numbered.number, ...(numbered.accountId ? { account_id: numbered.accountId } : {}) });
}

/** Who holds the card with this number (any state: a blocked card names its holder too). */
export async function clientIdsByCardNumber(trx: Knex.Transaction, number: string): Promise<string[]> {
  return tenantRows(trx, 'cards').where({ number }).pluck('client_id');
}

/** A card that must not be honoured: its number, and when it was blocked. */
export interface BlockedCard {
  number: string;
  blockedAt: Date;
}

/**
 * The numbered cards of the workflow's types that were blocked: those blocked still, and those
 * replaced since (their plastic is still out there), each with when its block was taken. Read from
 * the cards and their history, so a block is here once its transaction commits (and within it).
 */
export async function blockedCards(trx: Knex.Transaction, workflow: string): Promise<BlockedCard[]> {
  const rows = await tenantRows(trx, 'cards as c')
    .join('card_types as t', function joinType() {
      this.on('t.tenant_id', 'c.tenant_id').andOn('t.id', 'c.card_type_id');
    })
    .join('card_events as e', function joinBlock() {
      this.on('e.tenant_id', 'c.tenant_id').andOn('e.card_id', 'c.id').andOnVal('e.transition', 'block');
    })
    .where('t.workflow', workflow)
    .whereIn('c.state', ['blocked', 'replaced'])
    .whereNotNull('c.number')
    .orderBy('e.occurred_at')
    .orderBy('c.number')
    .select('c.number', 'e.occurred_at');
  return (rows as { number: string; occurred_at: Date }[]).map((row) => ({
    number: row.number,
    blockedAt: row.occurred_at,
  }));
}

/** Gives the card the money account its loads are paid to (a city card, at its handover). */
export async function attachAccount(trx: Knex.Transaction, id: string, accountId: string): Promise<void> {
  await tenantRows(trx, 'cards').where({ id }).update({ account_id: accountId });
}
