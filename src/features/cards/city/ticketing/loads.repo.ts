// ticketing_loads: the one module that reads and writes it (migration 20261217000400). What the
// operator's ticketing system is to put on a city card: a first top-up or period ticket taken at
// the counter, or what a replacement moved from the old card. Every function takes a withTenant()
// transaction. A load is pending until marked exported, which happens once: the UPDATE asks for
// exported_at IS NULL, so two managers confirming the same file mark each load once.
import type { Knex } from 'knex';
import { tenantRows } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { Currency } from '../../../money/index.ts';

export const LOAD_KINDS = ['top_up', 'ticket', 'balance'] as const;
/** An e-purse top-up, a period ticket, or an e-purse balance moved from a replaced card. */
export type LoadKind = (typeof LOAD_KINDS)[number];
export type LoadOrigin = 'handover' | 'bearer_sale' | 'replacement';

/** The card a load is for: a personal card (cards) or a bearer card (city_bearer_cards). */
export type LoadedCard = { cardId: string } | { bearerCardId: string };

export interface TicketTerms {
  passTypeId: string;
  name: string;
  /** YYYY-MM-DD, both days included. */
  validFrom: string;
  validUntil: string;
}

export interface Load {
  id: string;
  card: LoadedCard;
  kind: LoadKind;
  origin: LoadOrigin;
  /** In minor units: the top-up, the ticket's price, the balance moved. */
  amount: number;
  currency: Currency;
  ticket: TicketTerms | null;
  movedFromCardId: string | null;
  createdAt: Date;
  exportedAt: Date | null;
}

interface LoadRow {
  id: string;
  card_id: string | null;
  bearer_card_id: string | null;
  kind: LoadKind;
  origin: LoadOrigin;
  amount: string | number;
  currency: Currency;
  pass_type_id: string | null;
  ticket_name: string | null;
  valid_from: string | null;
  valid_until: string | null;
  moved_from_card_id: string | null;
  created_at: Date;
  exported_at: Date | null;
}

const columns = (trx: Knex.Transaction, alias = 'ticketing_loads') => [
  ...['id', 'card_id', 'bearer_card_id', 'kind', 'origin', 'amount', 'currency', 'pass_type_id', 'ticket_name']
    .concat(['moved_from_card_id', 'created_at', 'exported_at'])
    .map((column) => `${alias}.${column}`),
  // Dates as the days they are, whatever the session's time zone.
  trx.raw('??::text AS valid_from', [`${alias}.valid_from`]),
  trx.raw('??::text AS valid_until', [`${alias}.valid_until`]),
];

function toLoad(row: LoadRow): Load {
  return {
    id: row.id,
    card: row.card_id ? { cardId: row.card_id } : { bearerCardId: row.bearer_card_id! },
    kind: row.kind,
    origin: row.origin,
    amount: Number(row.amount),
    currency: row.currency,
    ticket:
      row.kind === 'ticket'
        ? {
            passTypeId: row.pass_type_id!,
            name: row.ticket_name!,
            validFrom: row.valid_from!,
            validUntil: row.valid_until!,
          }
        : null,
    movedFromCardId: row.moved_from_card_id,
    createdAt: row.created_at,
    exportedAt: row.exported_at,
  };
}

export async function insertLoad(
  trx: Knex.Transaction,
  load: Pick<Load, 'card' | 'kind' | 'origin' | 'amount' | 'currency' | 'ticket' | 'movedFromCardId' | 'createdAt'>,
): Promise<string> {
  const [row] = await trx('ticketing_loads')
    .insert({
      card_id: 'cardId' in load.card ? load.card.cardId : null,
      bearer_card_id: 'bearerCardId' in load.card ? load.card.bearerCardId : null,
      kind: load.kind,
      origin: load.origin,
      amount: load.amount,
      currency: load.currency,
      pass_type_id: load.ticket?.passTypeId ?? null,
      ticket_name: load.ticket?.name ?? null,
      valid_from: load.ticket?.validFrom ?? null,
      valid_until: load.ticket?.validUntil ?? null,
      moved_from_card_id: load.movedFromCardId,
      created_at: load.createdAt,
    })
    .returning('id');
  return (row as { id: string }).id;
}

/** Every load of the card, the oldest first. */
export async function loadsOfCard(trx: Knex.Transaction, card: LoadedCard): Promise<Load[]> {
  const rows = await tenantRows(trx, 'ticketing_loads')
    .where('cardId' in card ? { card_id: card.cardId } : { bearer_card_id: card.bearerCardId })
    .orderBy('created_at')
    .orderBy('id')
    .select(columns(trx));
  return (rows as LoadRow[]).map(toLoad);
}

/** A pending load with the numbers of its card (null while that card has none) and of the card it moved from. */
export type PendingLoad = Load & { cardNumber: string | null; movedFromNumber: string | null };

/**
 * The loads not exported yet, created up to `through`, the oldest first, each with its card's
 * number (a personal card's from cards, a bearer card's from city_bearer_cards) and, for what a
 * replacement moved, the old card's.
 */
export async function pendingLoads(trx: Knex.Transaction, through: Date): Promise<PendingLoad[]> {
  const rows = await tenantRows(trx, 'ticketing_loads as l')
    .leftJoin('cards as c', function joinCard() {
      this.on('c.tenant_id', 'l.tenant_id').andOn('c.id', 'l.card_id');
    })
    .leftJoin('city_bearer_cards as b', function joinBearerCard() {
      this.on('b.tenant_id', 'l.tenant_id').andOn('b.id', 'l.bearer_card_id');
    })
    .leftJoin('cards as m', function joinMovedFrom() {
      this.on('m.tenant_id', 'l.tenant_id').andOn('m.id', 'l.moved_from_card_id');
    })
    .whereNull('l.exported_at')
    .where('l.created_at', '<=', through)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .select([
      ...columns(trx, 'l'),
      trx.raw('coalesce(c.number, b.number) AS card_number'),
      'm.number as moved_from_number',
    ]);
  return (rows as (LoadRow & { card_number: string | null; moved_from_number: string | null })[]).map((row) => ({
    ...toLoad(row),
    cardNumber: row.card_number,
    movedFromNumber: row.moved_from_number,
  }));
}

/** Marks the loads exported, each once; the ids of those this call marked. */
export async function markExported(
  trx: Knex.Transaction,
  ids: readonly string[],
  by: { staffId: string; now: Date },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tenantRows(trx, 'ticketing_loads')
    .whereIn('id', ids)
    .whereNull('exported_at')
    .update({ exported_at: by.now, exported_by: by.staffId })
    .returning('id');
  return (rows as { id: string }[]).map((row) => row.id);
}
