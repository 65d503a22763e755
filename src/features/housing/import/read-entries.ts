// Reading an import file from the accounting system (issue #21): bytes in; rows, row errors and
// file errors out, in the order of the file, one at a time. Nothing is booked here: what to do
// with the rows (a dry run, an all-or-nothing commit, once per external id) is the import
// service's to decide.
//
// It streams: the bytes are decoded as they arrive (text-encoding.ts), csv-parse splits the text
// into records (csv-records.ts), and each record is checked and handed on before the next one is
// read, so a file of 100 000 rows needs little more memory than one of ten. What is kept per row
// is its external id and line, to tell a duplicate: some 100 bytes a row.
//
// Line numbers are counted here rather than taken from csv-parse, whose count (7.0.3) runs one
// ahead for every CRLF inside a quoted cell, as a spreadsheet writes a title of two lines. A
// record starts on the line after the previous one ended, past the blank lines csv-parse skipped
// (which it counts right), and ends as many lines further on as its cells hold line breaks.
import { CsvError } from 'csv-parse';
import { delimiterOf, readHeader, type ColumnPositions } from './csv-header.ts';
import { csvRecords } from './csv-records.ts';
import { checkEntryRow, type RowCells, type RowCheck } from './entry-row.ts';
import { IMPORT_COLUMNS, type ParsedLine } from './import.types.ts';
import { decodedText, type TextEncoding } from './text-encoding.ts';

/** Past this many row errors the file is surely not what it should be: reading stops. */
export const DEFAULT_MAX_ERRORS = 1000;

/** A header line longer than this is not looked at further to choose the delimiter. */
const HEADER_LOOKAHEAD_CHARS = 64 * 1024;

export interface ReadOptions {
  /** How many row errors to report before stopping with a tooManyErrors file error. */
  maxErrors?: number;
  /** Hears the encoding the file was judged to be in (UTF-8 for plain ASCII, which is both). */
  onEncoding?: (encoding: TextEncoding) => void;
}

/**
 * The file's rows and errors. `source` is the upload's bytes: a Node stream or any async
 * iterable of chunks. A file error ends the output; a row error does not, so that one upload
 * lists all that needs fixing. An error of the source itself (a broken connection) is thrown.
 */
export async function* readEntries(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadOptions = {},
): AsyncGenerator<ParsedLine> {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const { headerLine, text } = await readAheadHeaderLine(decodedText(source, options.onEncoding));
  const lines = new LineCounter();
  const firstLines = new Map<string, number>();
  let header: { columns: ColumnPositions; width: number } | undefined;
  let errors = 0;
  try {
    for await (const { cells, blankLinesSoFar } of csvRecords(text, delimiterOf(headerLine))) {
      const line = lines.startOf(cells, blankLinesSoFar);
      // A row of empty cells is what a spreadsheet leaves where rows were deleted.
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (!header) {
        const reading = readHeader(cells);
        if (!reading.ok) {
          for (const problem of reading.problems) yield { kind: 'fileError', ...problem, line };
          return;
        }
        header = { columns: reading.columns, width: cells.length };
        continue;
      }
      const check = checkRecord(cells, header, line, (externalId) => {
        const firstLine = firstLines.get(externalId);
        if (firstLine === undefined) firstLines.set(externalId, line);
        return firstLine;
      });
      if (check.ok) {
        yield { kind: 'row', row: check.row };
        continue;
      }
      for (const problem of check.problems) {
        if (errors === maxErrors) {
          yield { kind: 'fileError', problem: 'tooManyErrors', line };
          return;
        }
        errors += 1;
        yield { kind: 'error', line, ...problem };
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    yield { kind: 'fileError', problem: 'malformedCsv', line: lines.nextStart(Number(error.empty_lines)) };
    return;
  }
  if (!header) yield { kind: 'fileError', problem: 'emptyFile' };
}

function checkRecord(
  cells: string[],
  header: { columns: ColumnPositions; width: number },
  line: number,
  earlierLineOf: (externalId: string) => number | undefined,
): RowCheck {
  // Empty cells past the last column are a spreadsheet's trailing delimiters, not data.
  if (cells.length < header.width || cells.slice(header.width).some((cell) => cell.trim() !== '')) {
    return { ok: false, problems: [{ problem: 'wrongFieldCount' }] };
  }
  const byColumn = Object.fromEntries(
    IMPORT_COLUMNS.map((column) => [column, cells[header.columns[column]] ?? '']),
  ) as RowCells;
  return checkEntryRow(byColumn, line, earlierLineOf);
}

/** The physical lines records start on, from the line breaks inside them and the blank lines between. */
class LineCounter {
  #lastLine = 0;
  #blankLines = 0;

  /** The line a record starts on; `blankLinesSoFar` is csv-parse's count of skipped blank lines. */
  startOf(cells: string[], blankLinesSoFar: number): number {
    const start = this.nextStart(blankLinesSoFar);
    this.#blankLines = blankLinesSoFar;
    this.#lastLine = start + cells.reduce((breaks, cell) => breaks + (cell.match(/\r?\n/g)?.length ?? 0), 0);
    return start;
  }

  /** The line the next record starts on: where csv-parse gave up, for a malformed file. */
  nextStart(blankLinesSoFar: number): number {
    return this.#lastLine + 1 + (blankLinesSoFar - this.#blankLines);
  }
}

/** The first non-blank line, read ahead to choose the delimiter by, and the whole text still to read. */
async function readAheadHeaderLine(
  text: AsyncGenerator<string>,
): Promise<{ headerLine: string; text: AsyncIterable<string> }> {
  let ahead = '';
  while (!/\S.*\n/.test(ahead) && ahead.length < HEADER_LOOKAHEAD_CHARS) {
    const next = await text.next();
    if (next.done) break;
    ahead += next.value;
  }
  const headerLine = ahead.trimStart().split('\n', 1)[0]!;
  async function* again(): AsyncGenerator<string> {
    if (ahead !== '') yield ahead;
    yield* text;
  }
  return { headerLine, text: again() };
}
