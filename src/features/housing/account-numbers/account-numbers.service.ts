// Each premises' own account number (issue #21), from the tenant's bank scheme: the template of
// the housing settings (the bank's sorting code, a fixed prefix and the next sequence number)
// when it has one, otherwise the next unused number of the lists imported from the bank. Both
// are taken in the transaction that creates the premises and stay safe when many premises are
// created at once: the template's counter row is locked by its upsert, an imported number by
// FOR UPDATE SKIP LOCKED. Numbers are unique per tenant (the tables' unique keys say so too).
//
// Importing a list: every line checked (normaliseNrb), a number twice or one the tenant knows
// already refused, and nothing stored unless every line is right. Audited.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { nrbFromTemplate, type NrbTemplate } from '../../../lib/nrb.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { isUniqueViolation } from '../../../platform/db/unique-violation.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import { accountNumberTemplate } from '../settings.ts';
import {
  importedNumbersCount,
  insertImportedNumbers,
  lastSequence,
  lockNextUnusedNumber,
  markNumberTaken,
  nextSequence,
  numbersKnown,
} from './account-numbers.repo.ts';
import { MAX_LISTED_NUMBERS, readNumberList, type ListProblem } from './number-list.ts';

export interface AccountNumbersDeps {
  db: Knex;
  clock: Clock;
}

/** Where the next premises' number comes from, as the pages tell it. */
export type Numbering =
  { kind: 'template'; template: NrbTemplate; last: number } | { kind: 'list'; unused: number; taken: number };

export async function numberingOf(trx: Knex.Transaction, context: StaffContext): Promise<Numbering> {
  const template = accountNumberTemplate(context.tenant.settings);
  if (template) return { kind: 'template', template, last: await lastSequence(trx, template) };
  return { kind: 'list', ...(await importedNumbersCount(trx)) };
}

export function currentNumbering(deps: AccountNumbersDeps, context: StaffContext): Promise<Numbering> {
  return withTenant(deps.db, context.tenant.id, (trx) => numberingOf(trx, context));
}

/** A number taken for a premises about to be made: `claim` records who took it, once the premises exists. */
export type TakenNumber =
  | { kind: 'taken'; number: string; claim(premisesId: string): Promise<void> }
  | { kind: 'noneLeft' }
  /** The template's sequence has outgrown the digits its prefix leaves. */
  | { kind: 'templateFull' };

export async function takeAccountNumber(
  trx: Knex.Transaction,
  context: StaffContext,
  clock: Clock,
): Promise<TakenNumber> {
  const template = accountNumberTemplate(context.tenant.settings);
  if (template) {
    // A number the tenant holds already (given by hand, by an earlier scheme, or imported) is skipped.
    for (;;) {
      let number: string;
      try {
        number = nrbFromTemplate(template, await nextSequence(trx, template));
      } catch (error) {
        if (error instanceof RangeError) return { kind: 'templateFull' };
        throw error;
      }
      if (!(await numbersKnown(trx, [number])).has(number)) return { kind: 'taken', number, claim: async () => {} };
    }
  }
  const unused = await lockNextUnusedNumber(trx);
  if (!unused) return { kind: 'noneLeft' };
  return {
    kind: 'taken',
    number: unused.number,
    claim: (premisesId) => markNumberTaken(trx, unused.id, premisesId, clock.now()),
  };
}

export type ImportOutcome =
  | { kind: 'imported'; count: number }
  | { kind: 'empty' }
  | { kind: 'tooMany'; count: number }
  /** Lines that are not numbers, numbers twice, or numbers the tenant has: nothing stored. */
  | { kind: 'refused'; problems: (ListProblem | { line: number; kind: 'known' })[] };

export function importAccountNumbers(
  deps: AccountNumbersDeps,
  context: StaffContext,
  text: string,
): Promise<ImportOutcome> {
  const list = readNumberList(text);
  const count = list.numbers.length + list.problems.length;
  if (count === 0) return Promise.resolve({ kind: 'empty' });
  if (count > MAX_LISTED_NUMBERS) return Promise.resolve({ kind: 'tooMany', count });
  // Two managers bringing in the same number at once: the loser's insert runs into the unique
  // key, and its second look finds the number known and says which line.
  return storeList(deps, context, list).catch((error: unknown) => {
    if (isUniqueViolation(error)) return storeList(deps, context, list);
    throw error;
  });
}

function storeList(
  deps: AccountNumbersDeps,
  context: StaffContext,
  list: ReturnType<typeof readNumberList>,
): Promise<ImportOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<ImportOutcome> => {
    const known = await numbersKnown(
      trx,
      list.numbers.map((listed) => listed.number),
    );
    const problems: Extract<ImportOutcome, { kind: 'refused' }>['problems'] = [
      ...list.problems,
      ...list.numbers
        .filter((listed) => known.has(listed.number))
        .map(({ line }) => ({ line, kind: 'known' as const })),
    ].sort((a, b) => a.line - b.line);
    if (problems.length > 0) return { kind: 'refused', problems };
    await insertImportedNumbers(trx, list.numbers);
    await recordAudit(trx, context, {
      action: 'housing.account_numbers_imported',
      subject: { kind: 'tenant', id: context.tenant.id },
      changes: { count: [null, list.numbers.length] },
    });
    return { kind: 'imported', count: list.numbers.length };
  });
}
