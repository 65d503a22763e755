// One record of an import file checked against the format: the row for the ledger, or every
// problem the record has, each naming its column, so that the cooperative fixes a row in one go
// rather than one cell per upload.
import type { ImportColumn, ImportedEntryKind, ImportProblem, ImportRow } from './import.types.ts';
import {
  isNegative,
  readAmount,
  readDate,
  readEntryKind,
  readFund,
  readText,
  unreadableCharacterIn,
  type Reading,
} from './entry-values.ts';

export interface RowProblem {
  field?: ImportColumn;
  problem: ImportProblem;
  /** duplicateId: where the id first appeared. */
  firstLine?: number;
}

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; problems: RowProblem[] };

/** The cells of one record by column, as the file has them. */
export type RowCells = Record<ImportColumn, string>;

/**
 * The record starting at `line`, checked. `earlierLineOf` answers the line where the same
 * external id appeared before in the file, if it did, and remembers this one.
 */
export function checkEntryRow(
  cells: RowCells,
  line: number,
  earlierLineOf: (externalId: string) => number | undefined,
): RowCheck {
  const problems: RowProblem[] = [];
  const read = <T>(field: ImportColumn, reader: (cell: string) => Reading<T>): T | undefined => {
    const unreadable = unreadableCharacterIn(cells[field]);
    const reading = unreadable ? { ok: false as const, problem: unreadable } : reader(cells[field]);
    if (reading.ok) return reading.value;
    problems.push({ field, problem: reading.problem });
    return undefined;
  };

  const externalId = read('external_id', (cell) => readText(cell, 100));
  const firstLine = externalId === undefined ? undefined : earlierLineOf(externalId);
  if (firstLine !== undefined) problems.push({ field: 'external_id', problem: 'duplicateId', firstLine });
  const premises = read('premises', (cell) => readText(cell, 50));
  const fund = read('fund', readFund);
  const kind = read('kind', readEntryKind);
  const bookedOn = read('booked_on', readDate);
  const dueOn = read('due_on', (cell) => readDueDate(cell, dueDateRule(kind, cells.amount)));
  // An unknown kind is reported as such; its amount is checked as loosely as any kind allows.
  const amount = read('amount', (cell) => readAmount(cell, kind === 'opening_balance' || kind === undefined));
  const title = read('title', (cell) => readText(cell, 200));

  if (
    problems.length > 0 ||
    externalId === undefined ||
    premises === undefined ||
    fund === undefined ||
    kind === undefined ||
    bookedOn === undefined ||
    dueOn === undefined ||
    amount === undefined ||
    title === undefined
  ) {
    return { ok: false, problems };
  }
  return { ok: true, row: { line, externalId, premises, fund, kind, bookedOn, dueOn, amount, title } };
}

type DueDateRule = 'required' | 'notAllowed' | 'either';

/** A due date is what makes a debt payable: a charge has one, as does a debt brought in. */
function dueDateRule(kind: ImportedEntryKind | undefined, amountCell: string): DueDateRule {
  switch (kind) {
    case undefined:
      return 'either';
    case 'charge':
      return 'required';
    case 'opening_balance':
      return isNegative(amountCell) ? 'notAllowed' : 'required';
    case 'payment':
    case 'allowance':
      return 'notAllowed';
  }
}

function readDueDate(cell: string, rule: DueDateRule): Reading<string | null> {
  if (cell.trim() === '') {
    return rule === 'required' ? { ok: false, problem: 'dueDateMissing' } : { ok: true, value: null };
  }
  if (rule === 'notAllowed') return { ok: false, problem: 'dueDateNotAllowed' };
  return readDate(cell);
}
