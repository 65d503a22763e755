// Reading the cells of an import row, one kind of value each: the value, or the code of what is
// wrong with it. Each reader gets the cell as the file has it and trims it itself.
//
// - Text is NFC-normalised, so that an id or a code typed with a composed or a decomposed "ą"
//   is the same id; lengths count characters (code points), not UTF-16 units.
// - Dates: `2026-01-31` or `31.01.2026` (also `1.2.2026`). `31-01-2026` is refused: with
//   dashes some software writes the month first, and 02-03-2026 would be read wrong silently.
// - Amounts as src/lib/money.ts reads what people type (`1 234,56`, `1234.56`, two decimals at
//   most, no exponent, no thousands comma), plus a leading minus where it is allowed.
// - Funds and kinds in English or Polish, ignoring case, with spaces for underscores.
import { parseAmount, type AmountProblem } from '../../../lib/money.ts';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { formatWord } from './csv-header.ts';
import type { HousingFund, ImportedEntryKind, ImportProblem } from './import.types.ts';

export type Reading<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

const ok = <T>(value: T): Reading<T> => ({ ok: true, value });
const wrong = (problem: ImportProblem): Reading<never> => ({ ok: false, problem });

// Every C category (controls, format characters such as bidi overrides, private use) and the
// Unicode line and paragraph separators: none belongs in a ledger entry, and some would let a
// title show on the client's page as other than what it is.
const CONTROL_CHARACTER = /[\p{C}\u2028\u2029]/u;

/** Whether the cell can be read at all: no control character, no undecodable byte. */
export function unreadableCharacterIn(cell: string): ImportProblem | undefined {
  if (CONTROL_CHARACTER.test(cell)) return 'controlCharacter';
  if (cell.includes('\uFFFD')) return 'badEncoding';
  return undefined;
}

export function readText(cell: string, maxLength: number): Reading<string> {
  const text = cell.trim().normalize('NFC');
  if (text === '') return wrong('missingValue');
  return [...text].length > maxLength ? wrong('tooLong') : ok(text);
}

const POLISH_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** A calendar day as YYYY-MM-DD. */
export function readDate(cell: string): Reading<string> {
  const text = cell.trim();
  if (text === '') return wrong('missingValue');
  const polish = POLISH_DATE.exec(text);
  const iso = polish ? `${polish[3]}-${polish[2]!.padStart(2, '0')}-${polish[1]!.padStart(2, '0')}` : text;
  return parseCalendarDay(iso) ? ok(iso) : wrong('badDate');
}

const MINUS = /^[-\u2212]/;

const AMOUNT_PROBLEMS: Record<AmountProblem, ImportProblem> = {
  empty: 'badAmount',
  format: 'badAmount',
  tooManyDecimals: 'badAmount',
  // The sign is taken off before parseAmount sees the number, so what is left is zero.
  notPositive: 'zeroAmount',
  tooLarge: 'amountTooLarge',
};

/** Integer grosze; `signed`: a leading minus is allowed (an opening balance, overpaid). */
export function readAmount(cell: string, signed: boolean): Reading<number> {
  const text = cell.trim();
  if (text === '') return wrong('missingValue');
  const negative = isNegative(text);
  if (negative && !signed) return wrong('negativeAmount');
  const digits = negative ? text.slice(1) : text;
  // parseAmount trims: "- 5" and "--5" are not numbers.
  if (digits !== digits.trimStart() || MINUS.test(digits)) return wrong('badAmount');
  const parsed = parseAmount(digits);
  if (!parsed.ok) return wrong(AMOUNT_PROBLEMS[parsed.problem]);
  return ok(negative ? -parsed.minor : parsed.minor);
}

/** Whether an amount cell is written with a minus, read or not. */
export function isNegative(cell: string): boolean {
  return MINUS.test(cell.trim());
}

const FUNDS = new Map<string, HousingFund>([
  ['maintenance', 'maintenance'],
  ['eksploatacja', 'maintenance'],
  ['repair_fund', 'repair_fund'],
  ['fundusz_remontowy', 'repair_fund'],
]);

const ENTRY_KINDS = new Map<string, ImportedEntryKind>([
  ['charge', 'charge'],
  ['naliczenie', 'charge'],
  ['payment', 'payment'],
  ['wplata', 'payment'],
  ['wpłata', 'payment'],
  ['allowance', 'allowance'],
  ['bonifikata', 'allowance'],
  ['dodatek', 'allowance'],
  ['opening_balance', 'opening_balance'],
  ['bilans_otwarcia', 'opening_balance'],
]);

export function readFund(cell: string): Reading<HousingFund> {
  return readWord(cell, FUNDS, 'unknownFund');
}

export function readEntryKind(cell: string): Reading<ImportedEntryKind> {
  return readWord(cell, ENTRY_KINDS, 'unknownKind');
}

function readWord<T>(cell: string, words: Map<string, T>, unknown: ImportProblem): Reading<T> {
  const word = formatWord(cell);
  if (word === '') return wrong('missingValue');
  const value = words.get(word);
  return value === undefined ? wrong(unknown) : ok(value);
}
