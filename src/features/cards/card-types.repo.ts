// card_types: the one module that reads and writes it. Every function takes a withTenant()
// transaction; a type of another tenant is not found.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { Currency } from '../money/index.ts';
import type { CheckDigit } from './card-number.ts';
import type { CardType } from './cards.types.ts';
import type { WorkflowName } from './workflow.ts';

interface CardTypeRow {
  id: string;
  code: string;
  name: string;
  workflow: WorkflowName;
  activation_fee: string | number;
  currency: Currency;
  number_prefix: string;
  number_length: number;
  check_digit: CheckDigit;
}

const COLUMNS = [
  'id',
  'code',
  'name',
  'workflow',
  'activation_fee',
  'currency',
  'number_prefix',
  'number_length',
  'check_digit',
];

function toCardType(row: CardTypeRow): CardType {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    workflow: row.workflow,
    activationFee: Number(row.activation_fee),
    currency: row.currency,
    numberPrefix: row.number_prefix,
    numberLength: row.number_length,
    checkDigit: row.check_digit,
  };
}

export async function cardTypesOf(trx: Knex.Transaction): Promise<CardType[]> {
  const rows = await tenantRows(trx, 'card_types').orderBy('name').orderBy('id').select(COLUMNS);
  return (rows as CardTypeRow[]).map(toCardType);
}

export async function cardTypeById(trx: Knex.Transaction, id: string): Promise<CardType | undefined> {
  const row = await tenantRows(trx, 'card_types').where({ id }).first(COLUMNS);
  return row ? toCardType(row as CardTypeRow) : undefined;
}

export async function cardTypeByCode(trx: Knex.Transaction, code: string): Promise<CardType | undefined> {
  const row = await tenantRows(trx, 'card_types').where({ code }).first(COLUMNS);
  return row ? toCardType(row as CardTypeRow) : undefined;
}

/** A new type; undefined when its code or its prefix is another type's already. */
export async function insertCardType(trx: Knex.Transaction, type: Omit<CardType, 'id'>): Promise<string | undefined> {
  const [row] = await trx('card_types')
    .insert({
      code: type.code,
      name: type.name,
      workflow: type.workflow,
      activation_fee: type.activationFee,
      currency: type.currency,
      number_prefix: type.numberPrefix,
      number_length: type.numberLength,
      check_digit: type.checkDigit,
    })
    .onConflict()
    .ignore()
    .returning('id');
  return (row as { id: string } | undefined)?.id;
}

/** What a manager may change of a type once it is in use: its name and its fee. */
export async function updateCardType(
  trx: Knex.Transaction,
  id: string,
  change: Pick<CardType, 'name' | 'activationFee'>,
): Promise<boolean> {
  const updated = await tenantRows(trx, 'card_types')
    .where({ id })
    .update({ name: change.name, activation_fee: change.activationFee });
  return updated === 1;
}

/** The next serial of the type, taken: two cards issued at once take two (the row is locked by the UPDATE). */
export async function takeSerial(trx: Knex.Transaction, id: string): Promise<number> {
  const [row] = await tenantRows(trx, 'card_types').where({ id }).increment('next_serial', 1).returning('next_serial');
  return Number((row as { next_serial: string | number }).next_serial) - 1;
}
