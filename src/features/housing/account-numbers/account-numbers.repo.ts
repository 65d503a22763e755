// bank_account_numbers (the lists imported from the bank) and account_number_sequences (the
// last number given out under each template): the housing feature's account-number tables,
// written only here. Every query names the transaction's tenant (tenantRows), so on Citus each
// reaches one shard, where FOR UPDATE SKIP LOCKED works.
import type { Knex } from 'knex';
import type { NrbTemplate } from '../../../lib/nrb.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

/**
 * The next sequence number of the template: one upsert that makes the template's row or adds
 * one to it. The row stays locked until the transaction ends, so premises created at once take
 * their numbers one after another, and a number given out is never given again.
 */
export async function nextSequence(trx: Knex.Transaction, template: NrbTemplate): Promise<number> {
  const { rows } = await trx.raw<{ rows: { last_sequence: string }[] }>(
    `INSERT INTO account_number_sequences (sorting_code, prefix, last_sequence) VALUES (?, ?, 1)
       ON CONFLICT (tenant_id, sorting_code, prefix)
       DO UPDATE SET last_sequence = account_number_sequences.last_sequence + 1
       RETURNING last_sequence::text`,
    [template.sortingCode, template.prefix],
  );
  return Number(rows[0]!.last_sequence);
}

/** Which of the numbers a premises holds already or a list brought in before. */
export async function numbersKnown(trx: Knex.Transaction, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const held = await tenantRows(trx, 'premises').whereIn('account_number', numbers).pluck('account_number');
  const listed = await tenantRows(trx, 'bank_account_numbers').whereIn('number', numbers).pluck('number');
  return new Set<string>([...held, ...listed]);
}

/** Adds a list from the bank, each number with its line in the file (the order they are given out in). */
export async function insertImportedNumbers(
  trx: Knex.Transaction,
  numbers: readonly { number: string; line: number }[],
): Promise<void> {
  for (let start = 0; start < numbers.length; start += 500) {
    await trx('bank_account_numbers').insert(numbers.slice(start, start + 500));
  }
}

/**
 * The next unused number of the lists, locked for this transaction; one another transaction has
 * locked is skipped, so premises created at once each take another. Undefined when none is left.
 */
export async function lockNextUnusedNumber(trx: Knex.Transaction): Promise<{ id: string; number: string } | undefined> {
  const row = await tenantRows(trx, 'bank_account_numbers')
    .whereNull('premises_id')
    .orderBy([{ column: 'imported_at' }, { column: 'line' }, { column: 'id' }])
    .forUpdate()
    .skipLocked()
    .first('id', 'number');
  return row ? { id: row.id as string, number: row.number as string } : undefined;
}

export async function markNumberTaken(
  trx: Knex.Transaction,
  numberId: string,
  premisesId: string,
  at: Date,
): Promise<void> {
  await tenantRows(trx, 'bank_account_numbers')
    .where({ id: numberId })
    .whereNull('premises_id')
    .update({ premises_id: premisesId, taken_at: at });
}

/** How many numbers of the lists are left, and how many premises took one. */
export async function importedNumbersCount(trx: Knex.Transaction): Promise<{ unused: number; taken: number }> {
  const row = await tenantRows(trx, 'bank_account_numbers').first(
    trx.raw('count(*) FILTER (WHERE premises_id IS NULL)::int AS unused'),
    trx.raw('count(*) FILTER (WHERE premises_id IS NOT NULL)::int AS taken'),
  );
  return { unused: (row?.unused as number) ?? 0, taken: (row?.taken as number) ?? 0 };
}

/** The last sequence number given out under the template; 0 before the first. */
export async function lastSequence(trx: Knex.Transaction, template: NrbTemplate): Promise<number> {
  const row = await tenantRows(trx, 'account_number_sequences')
    .where({ sorting_code: template.sortingCode, prefix: template.prefix })
    .first(trx.raw('last_sequence::text AS last'));
  return row ? Number(row.last) : 0;
}
