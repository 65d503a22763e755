// The text of an import file split into records by csv-parse, in the file's order.
//
// The parser is fed one chunk at a time and its records are taken as it finds them (on_record),
// rather than read from its stream: a stream that fails drops the records it still holds, and
// then the rows before a broken quote would be reported or not depending on where the chunks
// happened to end. Taken this way every record before the failure comes out, then the failure
// (a CsvError) is thrown. At most one chunk's records are held at a time.
import { parse, type Parser } from 'csv-parse';
import type { Delimiter } from './csv-header.ts';

/** Far more than any row of the format, extra columns included. */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvRecord {
  cells: string[];
  /** How many blank lines csv-parse has skipped so far in the file, this record's included. */
  blankLinesSoFar: number;
}

export async function* csvRecords(text: AsyncIterable<string>, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const found: CsvRecord[] = [];
  const parser = parse({
    delimiter,
    // Either line ending, even both in one file, as a file edited on two machines has.
    record_delimiter: ['\r\n', '\n'],
    // A cell count that differs is a row error (wrongFieldCount), not the end of the file.
    relax_column_count: true,
    // A quote in a cell that is not quoted as a whole (`Lokal "A"`, `"A" bis`) is a character of it.
    relax_quotes: true,
    skip_empty_lines: true,
    // A ledger row is a few hundred bytes. Without a limit a quote never closed would make the
    // rest of the file, however large, one cell held in memory.
    max_record_size: MAX_RECORD_BYTES,
    on_record: (cells: string[], context) => {
      found.push({ cells, blankLinesSoFar: context.empty_lines });
      return null;
    },
  });
  // A failure is taken from the callbacks of write() and end(); the event would otherwise crash.
  parser.on('error', () => {});
  parser.resume();
  try {
    for await (const chunk of text) {
      const failure = await settled((done) => parser.write(chunk, done));
      yield* found.splice(0);
      if (failure) throw failure;
    }
    const failure = await settled((done) => parser.end(done));
    yield* found.splice(0);
    if (failure) throw failure;
  } finally {
    parser.destroy();
  }
}

function settled(call: (done: (error?: Error | null) => void) => Parser | boolean): Promise<Error | undefined> {
  return new Promise((resolve) => call((error) => resolve(error ?? undefined)));
}
