// passes and pass_entries: the one module that reads and writes them. Every function takes a
// withTenant() transaction. A pass changes only by conditional UPDATEs on what it must still be
// (unpaid to be paid or cancelled, on the card an entry names, entries left above zero), so of
// two requests at once only one changes it; what changes a card's passes locks the card first
// (transitions' conditional UPDATE of its state, or lockCardInPlay below), so an entry and a
// replacement of the same card take turns.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Pass, PassEntry, PassState } from './passes.types.ts';

interface PassRow {
  id: string;
  pass_type_id: string;
  card_id: string;
  state: PassState;
  price: string | number;
  reduced: boolean;
  charge_entry_id: string;
  valid_from: string | null;
  valid_until: string | null;
  entries_left: number | null;
  bought_at: Date;
  paid_at: Date | null;
}

const columns = (trx: Knex.Transaction) => [
  ...['id', 'pass_type_id', 'card_id', 'state', 'price', 'reduced', 'charge_entry_id', 'entries_left'],
  ...['bought_at', 'paid_at'],
  trx.raw('valid_from::text AS valid_from'),
  trx.raw('valid_until::text AS valid_until'),
];

function toPass(row: PassRow): Pass {
  return {
    id: row.id,
    passTypeId: row.pass_type_id,
    cardId: row.card_id,
    state: row.state,
    price: Number(row.price),
    reduced: row.reduced,
    chargeEntryId: row.charge_entry_id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    entriesLeft: row.entries_left,
    boughtAt: row.bought_at,
    paidAt: row.paid_at,
  };
}

export async function insertPass(
  trx: Knex.Transaction,
  pass: Pick<Pass, 'passTypeId' | 'cardId' | 'price' | 'reduced' | 'chargeEntryId' | 'entriesLeft' | 'boughtAt'> & {
    purchaseKey?: string;
  },
): Promise<string> {
  const [row] = await trx('passes')
    .insert({
      pass_type_id: pass.passTypeId,
      card_id: pass.cardId,
      state: 'unpaid',
      price: pass.price,
      reduced: pass.reduced,
      charge_entry_id: pass.chargeEntryId,
      entries_left: pass.entriesLeft,
      bought_at: pass.boughtAt,
      purchase_key: pass.purchaseKey ?? null,
    })
    .returning('id');
  return (row as { id: string }).id;
}

export async function passById(trx: Knex.Transaction, id: string): Promise<Pass | undefined> {
  const row = await tenantRows(trx, 'passes').where({ id }).first(columns(trx));
  return row ? toPass(row as PassRow) : undefined;
}

/** The pass bought with the form's key, if one was. */
export async function passByPurchaseKey(trx: Knex.Transaction, purchaseKey: string): Promise<Pass | undefined> {
  const row = await tenantRows(trx, 'passes').where({ purchase_key: purchaseKey }).first(columns(trx));
  return row ? toPass(row as PassRow) : undefined;
}

/** The card's passes, the newest first. */
export async function passesOnCard(trx: Knex.Transaction, cardId: string): Promise<Pass[]> {
  const rows = await tenantRows(trx, 'passes')
    .where({ card_id: cardId })
    .orderBy('bought_at', 'desc')
    .orderBy('id')
    .select(columns(trx));
  return (rows as PassRow[]).map(toPass);
}

/** The unpaid pass made valid for its days; false when it is not unpaid (paid or cancelled meanwhile). */
export async function markPaid(
  trx: Knex.Transaction,
  id: string,
  paid: { validFrom: string; validUntil: string | null; now: Date },
): Promise<boolean> {
  const updated = await tenantRows(trx, 'passes')
    .where({ id, state: 'unpaid' })
    .update({ state: 'valid', valid_from: paid.validFrom, valid_until: paid.validUntil, paid_at: paid.now });
  return updated === 1;
}

/** The unpaid pass cancelled; false when it is not unpaid. */
export async function markCancelled(trx: Knex.Transaction, id: string): Promise<boolean> {
  return (await tenantRows(trx, 'passes').where({ id, state: 'unpaid' }).update({ state: 'cancelled' })) === 1;
}

/** Every valid pass of the old card moved to the new one: how many. */
export async function moveValidPasses(trx: Knex.Transaction, fromCardId: string, toCardId: string): Promise<number> {
  return tenantRows(trx, 'passes').where({ card_id: fromCardId, state: 'valid' }).update({ card_id: toCardId });
}

/**
 * One entry off a valid pass still on the card: what is left after it (null for a pass of days
 * alone); undefined when the pass is not valid on that card or has no entries left.
 */
export async function takeEntry(
  trx: Knex.Transaction,
  entry: { passId: string; cardId: string },
): Promise<{ entriesLeft: number | null } | undefined> {
  const [row] = await tenantRows(trx, 'passes')
    .where({ id: entry.passId, card_id: entry.cardId, state: 'valid' })
    .where((left) => void left.whereNull('entries_left').orWhere('entries_left', '>', 0))
    .update({ entries_left: trx.raw('entries_left - 1') })
    .returning('entries_left');
  return row ? { entriesLeft: (row as { entries_left: number | null }).entries_left } : undefined;
}

export async function insertPassEntry(
  trx: Knex.Transaction,
  entry: Omit<PassEntry, 'id'> & { staffId: string },
): Promise<void> {
  await trx('pass_entries').insert({
    pass_id: entry.passId,
    card_id: entry.cardId,
    staff_id: entry.staffId,
    entries_left: entry.entriesLeft,
    entered_at: entry.enteredAt,
  });
}

/** The entries recorded on the passes, the newest first. */
export async function entriesOfPasses(trx: Knex.Transaction, passIds: readonly string[]): Promise<PassEntry[]> {
  if (passIds.length === 0) return [];
  const rows = (await tenantRows(trx, 'pass_entries')
    .whereIn('pass_id', passIds)
    .orderBy('entered_at', 'desc')
    .orderBy('id')
    .select(['id', 'pass_id', 'card_id', 'entries_left', 'entered_at'])) as {
    id: string;
    pass_id: string;
    card_id: string;
    entries_left: number | null;
    entered_at: Date;
  }[];
  return rows.map((row) => ({
    id: row.id,
    passId: row.pass_id,
    cardId: row.card_id,
    entriesLeft: row.entries_left,
    enteredAt: row.entered_at,
  }));
}
