// pass_types: the one module that reads and writes it. Every function takes a withTenant()
// transaction; a pass type of another tenant is not found.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { EntitlementKind, PassType } from './passes.types.ts';

interface PassTypeRow {
  id: string;
  card_type_id: string;
  code: string;
  name: string;
  facility: string;
  price: string | number;
  reduced_price: string | number | null;
  reduced_for: EntitlementKind | null;
  reduced_left: number | null;
  validity_days: number | null;
  entries: number | null;
  on_sale: boolean;
}

const COLUMNS = [
  ...['id', 'card_type_id', 'code', 'name', 'facility', 'price', 'reduced_price', 'reduced_for'],
  ...['reduced_left', 'validity_days', 'entries', 'on_sale'],
];

function toPassType(row: PassTypeRow): PassType {
  return {
    id: row.id,
    cardTypeId: row.card_type_id,
    code: row.code,
    name: row.name,
    facility: row.facility,
    price: Number(row.price),
    reducedPrice: row.reduced_price === null ? null : Number(row.reduced_price),
    reducedFor: row.reduced_for,
    reducedLeft: row.reduced_left,
    validityDays: row.validity_days,
    entries: row.entries,
    onSale: row.on_sale,
  };
}

/** The catalogue for cards of the type (every pass type when none is named), by name. */
export async function passTypesOf(trx: Knex.Transaction, cardTypeId?: string): Promise<PassType[]> {
  const query = tenantRows(trx, 'pass_types').orderBy('name').orderBy('id');
  if (cardTypeId) void query.where({ card_type_id: cardTypeId });
  return ((await query.select(COLUMNS)) as PassTypeRow[]).map(toPassType);
}

export async function passTypeById(trx: Knex.Transaction, id: string): Promise<PassType | undefined> {
  const row = await tenantRows(trx, 'pass_types').where({ id }).first(COLUMNS);
  return row ? toPassType(row as PassTypeRow) : undefined;
}

export async function passTypeByCode(trx: Knex.Transaction, code: string): Promise<PassType | undefined> {
  const row = await tenantRows(trx, 'pass_types').where({ code }).first(COLUMNS);
  return row ? toPassType(row as PassTypeRow) : undefined;
}

/** What a manager sets of a pass type; the code and what a pass counts (days, entries) stay. */
export type PassTypeTerms = Pick<
  PassType,
  'name' | 'facility' | 'price' | 'reducedPrice' | 'reducedFor' | 'reducedLeft' | 'onSale'
>;

/** The terms to write; a reducedLeft left out keeps what is left (passes sold meanwhile stay counted). */
type TermsWritten = Omit<PassTypeTerms, 'reducedLeft'> & { reducedLeft?: number | null };

const termsRow = (terms: TermsWritten) => ({
  name: terms.name,
  facility: terms.facility,
  price: terms.price,
  reduced_price: terms.reducedPrice,
  reduced_for: terms.reducedFor,
  reduced_left: terms.reducedLeft,
  on_sale: terms.onSale,
});

/** A new pass type; undefined when its code is another's already. */
export async function insertPassType(trx: Knex.Transaction, type: Omit<PassType, 'id'>): Promise<string | undefined> {
  const [row] = await trx('pass_types')
    .insert({
      ...termsRow(type),
      card_type_id: type.cardTypeId,
      code: type.code,
      validity_days: type.validityDays,
      entries: type.entries,
    })
    .onConflict()
    .ignore()
    .returning('id');
  return (row as { id: string } | undefined)?.id;
}

export async function updatePassType(trx: Knex.Transaction, id: string, terms: TermsWritten): Promise<boolean> {
  return (await tenantRows(trx, 'pass_types').where({ id }).update(termsRow(terms))) === 1;
}

/**
 * One of the type's limited reduced-price passes taken: false when none is left. The UPDATE locks
 * the row, so of two buyers of the last one the second finds none. A type without a limit always has one.
 */
export async function takeReducedPass(trx: Knex.Transaction, id: string): Promise<boolean> {
  const updated = await tenantRows(trx, 'pass_types')
    .where({ id })
    .where((limit) => void limit.whereNull('reduced_left').orWhere('reduced_left', '>', 0))
    .update({ reduced_left: trx.raw('reduced_left - 1') });
  return updated === 1;
}

/** A reduced-price pass never paid for, back on sale. */
export async function returnReducedPass(trx: Knex.Transaction, id: string): Promise<void> {
  await tenantRows(trx, 'pass_types')
    .where({ id })
    .whereNotNull('reduced_left')
    .update({ reduced_left: trx.raw('reduced_left + 1') });
}
