// The first line of an import file: which delimiter it uses, and where each column is.
//
// The delimiter is the one the header line uses more: a spreadsheet in Polish saves with `;`
// (the comma is its decimal separator), most other software with `,`. No column name contains
// either, so the header tells them apart for sure; a line with neither is read with `;`, and its
// columns come out missing. Column names are matched ignoring case, surrounding spaces, and
// spaces or hyphens for underscores (`Booked on`, `booked-on`), in English or in Polish. A column
// the format does not know (`uwagi`, a second address) is ignored.
import { IMPORT_COLUMNS, type FileProblem, type ImportColumn } from './import.types.ts';

export type Delimiter = ';' | ',';

const COLUMN_NAMES = new Map<string, ImportColumn>([
  ...IMPORT_COLUMNS.map((column) => [column, column] as const),
  ['id', 'external_id'],
  ['lokal', 'premises'],
  ['fundusz', 'fund'],
  ['rodzaj', 'kind'],
  ['data', 'booked_on'],
  ['termin', 'due_on'],
  ['kwota', 'amount'],
  ['tytul', 'title'],
  ['tytuł', 'title'],
]);

/** Where each column is in a record. */
export type ColumnPositions = Record<ImportColumn, number>;

export type HeaderReading =
  { ok: true; columns: ColumnPositions } | { ok: false; problems: { problem: FileProblem; column?: ImportColumn }[] };

/** The delimiter of a file whose first line is `headerLine`. */
export function delimiterOf(headerLine: string): Delimiter {
  const count = (character: string) => headerLine.split(character).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

/** A word of the format as people write it: `Fundusz remontowy` → `fundusz_remontowy`. */
export function formatWord(text: string): string {
  return text
    .trim()
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function readHeader(cells: string[]): HeaderReading {
  // A spreadsheet's own format (xlsx is a zip), UTF-16 or an image shows as control characters.
  // A tab is let through: a tab-separated file is text, and its missing columns say what is wrong.
  if (cells.some((cell) => /[\p{Cc}\uFFFD]/u.test(cell.replace(/\t/g, '')))) {
    return { ok: false, problems: [{ problem: 'unreadableFile' }] };
  }
  const positions = new Map<ImportColumn, number>();
  const problems: { problem: FileProblem; column?: ImportColumn }[] = [];
  cells.forEach((cell, position) => {
    const column = COLUMN_NAMES.get(formatWord(cell));
    if (column === undefined) return;
    if (positions.has(column)) problems.push({ problem: 'duplicateColumn', column });
    else positions.set(column, position);
  });
  for (const column of IMPORT_COLUMNS) {
    if (!positions.has(column)) problems.push({ problem: 'missingColumn', column });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, columns: Object.fromEntries(positions) as ColumnPositions };
}
