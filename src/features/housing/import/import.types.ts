// The vocabulary of importing ledger entries from a housing cooperative's accounting system
// (issue #21): the columns of its CSV export, what a good row becomes, and the codes of what can
// be wrong with a row or with the whole file. Codes, not sentences: the import page translates
// them. The format itself is described for the cooperatives in docs/import-format.md.
//
// A row is what the accounting system wrote, checked but not yet booked: the amount is positive
// as written (an opening balance keeps its sign, negative for an overpayment), and the ledger's
// sign convention (money/ledger.types.ts) is applied when the row is posted.
import type { EntryKind } from '../../money/index.ts';
import { FUNDS, type Fund } from '../housing.types.ts';

/** The columns of the file, as the format names them (any order; Polish aliases in csv-header.ts). */
export const IMPORT_COLUMNS = [
  'external_id',
  'premises',
  'fund',
  'kind',
  'booked_on',
  'due_on',
  'amount',
  'title',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Which of the premises' accounts the entry belongs to: the funds the premises keep apart. */
export const HOUSING_FUNDS = FUNDS;
export type HousingFund = Fund;

/** The ledger's kinds an accounting system may send: a correction is made in the portal only. */
export const IMPORTED_ENTRY_KINDS = [
  'charge',
  'payment',
  'allowance',
  'opening_balance',
] as const satisfies readonly EntryKind[];
export type ImportedEntryKind = (typeof IMPORTED_ENTRY_KINDS)[number];

export interface ImportRow {
  /** The physical line of the file the record starts on; the header is line 1. */
  line: number;
  /** The accounting system's id of the entry: importing the same file twice books it once. */
  externalId: string;
  /** The premises' code in the accounting system. */
  premises: string;
  fund: HousingFund;
  kind: ImportedEntryKind;
  /** YYYY-MM-DD */
  bookedOn: string;
  /** YYYY-MM-DD for a charge and a debt brought in as an opening balance; null otherwise. */
  dueOn: string | null;
  /** Integer grosze, positive as written; an opening balance below zero is an overpayment. */
  amount: number;
  title: string;
}

/** What can be wrong with one row; `field` names the column where one is to blame. */
export const IMPORT_PROBLEMS = [
  /** The row has more or fewer cells than the header has columns. */
  'wrongFieldCount',
  /** A required cell is empty. */
  'missingValue',
  'tooLong',
  /** A control character (NUL, a tab, a line break in a quoted cell, a bidi override...). */
  'controlCharacter',
  /** Bytes that are not text in the file's encoding (read as U+FFFD). */
  'badEncoding',
  'unknownFund',
  'unknownKind',
  /** Not YYYY-MM-DD nor DD.MM.YYYY, or no such day (31.02.2026). */
  'badDate',
  /** A charge, or an opening balance that is a debt, without a due date. */
  'dueDateMissing',
  /** A due date on a payment, an allowance or an opening overpayment. */
  'dueDateNotAllowed',
  /** Not an amount: 12,345 / 1e3 / 12.3.4 / +5. */
  'badAmount',
  /** A minus sign on anything but an opening balance. */
  'negativeAmount',
  'zeroAmount',
  /** Above 99 999 999,99. */
  'amountTooLarge',
  /** The external id appeared on an earlier line of the file (`firstLine`). */
  'duplicateId',
  /** No premises of the tenant has this code (checked against the database when importing). */
  'unknownPremises',
  /** The premises keeps no account for this fund. */
  'noAccountForFund',
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

/** What stops the whole file from being read. */
export const FILE_PROBLEMS = [
  /** Nothing but blank lines. */
  'emptyFile',
  /** Not a text file: a spreadsheet's own format, UTF-16, an image (control characters in the header). */
  'unreadableFile',
  /** A required column is not in the header (`column`). */
  'missingColumn',
  /** Two header cells name the same column (`column`), e.g. `kwota` and `amount`. */
  'duplicateColumn',
  /** A quote never closed (caught by a record over 64 KB): the rest cannot be split into cells. */
  'malformedCsv',
  /** More row errors than `maxErrors`: reading stopped at `line`. */
  'tooManyErrors',
] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

export interface RowError {
  kind: 'error';
  line: number;
  field?: ImportColumn;
  problem: ImportProblem;
  /** duplicateId: the line where the external id first appeared. */
  firstLine?: number;
}

export interface FileError {
  kind: 'fileError';
  problem: FileProblem;
  column?: ImportColumn;
  line?: number;
}

/** One item of the reader's output, in the order of the file. */
export type ParsedLine = { kind: 'row'; row: ImportRow } | RowError | FileError;
