// A year of a large cooperative's entries: 100,000 rows, streamed in 64 KB chunks whose
// boundaries fall where they fall, inside Polish letters too. The rows are counted, never kept.
import { describe, expect, it } from 'vitest';
import type { ParsedLine } from './import.types.ts';
import { readEntries } from './read-entries.ts';

const ROWS = 100_000;
const BAD_LINE = 99_999;
const CHUNK_BYTES = 64 * 1024;

function groszeOnLine(line: number): number {
  return 10_000 + ((line * 7919) % 150_000);
}

/** Every other amount with its thousands grouped, as the accounting system may write them. */
function amountOnLine(line: number): string {
  const grosze = groszeOnLine(line);
  const zloty = Math.floor(grosze / 100);
  const whole =
    zloty >= 1000 && line % 2 === 0 ? `${Math.floor(zloty / 1000)} ${String(zloty % 1000).padStart(3, '0')}` : zloty;
  return `${whole},${String(grosze % 100).padStart(2, '0')}`;
}

function entryOnLine(line: number): string {
  const id = line - 1;
  const premises = `M-${(id % 480) + 1}/${(id % 9) + 1}`;
  const bookedOn = line === BAD_LINE ? '31.02.2026' : `${String((id % 28) + 1).padStart(2, '0')}.01.2026`;
  const amount = amountOnLine(line);
  if (id % 3 === 0) {
    return `WB/2026/${id};${premises};fundusz_remontowy;wpłata;${bookedOn};;${amount};Wpłata – przelew z ${premises}`;
  }
  const title = `Opłata za styczeń, źródło: ${id}`;
  return `NAL/2026/${id};${premises};eksploatacja;naliczenie;${bookedOn};10.02.2026;${amount};${title}`;
}

/** The file as a source, with what it has handed out so far. */
function largeFile() {
  const progress = { chunks: 0, splitCharacters: 0, bytesBeforeLine: new Map<number, number>() };
  async function* chunks(): AsyncGenerator<Buffer> {
    let pending: Buffer[] = [Buffer.from('id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł\r\n')];
    let pendingBytes = pending[0]!.length;
    let bytesHandedOut = 0;
    for (let line = 2; line <= ROWS + 1; line += 1) {
      if (line === 2 || line === 50_000) progress.bytesBeforeLine.set(line, bytesHandedOut + pendingBytes);
      const entry = Buffer.from(`${entryOnLine(line)}\r\n`);
      pending.push(entry);
      pendingBytes += entry.length;
      if (pendingBytes < CHUNK_BYTES) continue;
      const bytes = Buffer.concat(pending, pendingBytes);
      // A byte 10xxxxxx continues a character: the boundary cuts one in two.
      if ((bytes[CHUNK_BYTES]! & 0xc0) === 0x80) progress.splitCharacters += 1;
      progress.chunks += 1;
      bytesHandedOut += CHUNK_BYTES;
      yield bytes.subarray(0, CHUNK_BYTES);
      pending = [bytes.subarray(CHUNK_BYTES)];
      pendingBytes = pending[0]!.length;
    }
    progress.chunks += 1;
    yield Buffer.concat(pending, pendingBytes);
  }
  return { chunks: chunks(), progress };
}

describe('readEntries on 100,000 rows', () => {
  it('reports the one bad row at its line, reading the file as a stream', async () => {
    const { chunks, progress } = largeFile();
    let rows = 0;
    let grosze = 0;
    const problems: ParsedLine[] = [];
    const chunkOfLine = (line: number) => Math.floor(progress.bytesBeforeLine.get(line)! / CHUNK_BYTES) + 1;
    const lead: Record<number, number> = {};

    for await (const item of readEntries(chunks)) {
      if (item.kind !== 'row') {
        problems.push(item);
        continue;
      }
      rows += 1;
      grosze += item.row.amount;
      // How many chunks the reader had taken past the one the row starts in: not the file.
      if (item.row.line === 2 || item.row.line === 50_000)
        lead[item.row.line] = progress.chunks - chunkOfLine(item.row.line);
    }

    expect(problems).toEqual([{ kind: 'error', line: BAD_LINE, field: 'booked_on', problem: 'badDate' }]);
    expect(rows).toBe(ROWS - 1);
    let written = 0;
    for (let line = 2; line <= ROWS + 1; line += 1) if (line !== BAD_LINE) written += groszeOnLine(line);
    expect(grosze).toBe(written);
    expect(progress.splitCharacters).toBeGreaterThan(0);
    // The chunk the row starts in, and at most the next: where the row ends, or, for the first
    // rows, the rest of the 64 KB the encoding is judged on.
    expect(lead[2]).toBeLessThanOrEqual(1);
    expect(lead[50_000]).toBeLessThanOrEqual(1);
  });
});
