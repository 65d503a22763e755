import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ImportRow, ParsedLine } from './import.types.ts';
import { readEntries, type ReadOptions } from './read-entries.ts';

const HEADER = 'external_id;premises;fund;kind;booked_on;due_on;amount;title';
const CHARGE = 'NAL/1;M-12/3;maintenance;charge;2026-01-01;2026-01-10;612,45;Opłata za styczeń';
const PAYMENT = 'WB/1;M-12/3;maintenance;payment;2026-01-08;;612,45;Przelew';

async function* chunksOf(content: Buffer | string, size = 64 * 1024): AsyncGenerator<Buffer> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function readAll(content: Buffer | string, options?: ReadOptions): Promise<ParsedLine[]> {
  const output: ParsedLine[] = [];
  for await (const item of readEntries(chunksOf(content), options)) output.push(item);
  return output;
}

const file = (...lines: string[]) => lines.join('\n') + '\n';
const rowsIn = (output: ParsedLine[]) => output.flatMap((item) => (item.kind === 'row' ? [item.row] : []));
const problemsIn = (output: ParsedLine[]) => output.filter((item) => item.kind !== 'row');

function charge(line: number, changes: Partial<ImportRow> = {}): ImportRow {
  return {
    line,
    externalId: 'NAL/1',
    premises: 'M-12/3',
    fund: 'maintenance',
    kind: 'charge',
    bookedOn: '2026-01-01',
    dueOn: '2026-01-10',
    amount: 61245,
    title: 'Opłata za styczeń',
    ...changes,
  };
}

describe('readEntries: the sample file of docs/import-format.md', () => {
  it('reads its twelve rows from a file stream, with no problem', async () => {
    const stream = createReadStream(new URL('../../../../docs/samples/housing-entries.csv', import.meta.url), {
      highWaterMark: 97,
    });
    const output: ParsedLine[] = [];
    for await (const item of readEntries(stream)) output.push(item);

    expect(problemsIn(output)).toEqual([]);
    const rows = rowsIn(output);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({
      line: 2,
      externalId: 'BO/2026/0001',
      premises: 'M-12/3',
      fund: 'maintenance',
      kind: 'opening_balance',
      bookedOn: '2025-12-31',
      dueOn: '2025-12-31',
      amount: 41280,
      title: 'Zaległość z 2025 r.',
    });
    expect(rows[1]).toMatchObject({ kind: 'opening_balance', amount: -15000, dueOn: null });
    expect(rows[4]).toMatchObject({ externalId: 'NAL/2026/01/0014', amount: 102490 });
    expect(rows[6]).toMatchObject({ title: 'Opłata eksploatacyjna za styczeń 2026; woda wg zaliczki' });
    expect(rows[7]).toMatchObject({ kind: 'payment', fund: 'maintenance', dueOn: null, line: 9 });
    expect(rows[11]).toMatchObject({ kind: 'allowance', amount: 4820, line: 13 });
  });
});

describe('readEntries: delimiters, header and encodings', () => {
  it('reads a comma-separated file with the columns in another order', async () => {
    const output = await readAll(
      file(
        'title,amount,due_on,booked_on,kind,fund,premises,external_id',
        '"Opłata, styczeń","1 234,56",2026-01-10,2026-01-01,charge,repair_fund,M-1,NAL/7',
        'Przelew,1234.56,,08.01.2026,payment,repair_fund,M-1,WB/7',
      ),
    );
    expect(output).toEqual([
      {
        kind: 'row',
        row: {
          line: 2,
          externalId: 'NAL/7',
          premises: 'M-1',
          fund: 'repair_fund',
          kind: 'charge',
          bookedOn: '2026-01-01',
          dueOn: '2026-01-10',
          amount: 123456,
          title: 'Opłata, styczeń',
        },
      },
      {
        kind: 'row',
        row: {
          line: 3,
          externalId: 'WB/7',
          premises: 'M-1',
          fund: 'repair_fund',
          kind: 'payment',
          bookedOn: '2026-01-08',
          dueOn: null,
          amount: 123456,
          title: 'Przelew',
        },
      },
    ]);
  });

  it('matches column names ignoring case and spaces, in Polish too, and ignores unknown columns', async () => {
    const header = ' ID ;Lokal;FUNDUSZ;Rodzaj;Data;Termin;Kwota;Uwagi; Tytuł ';
    const output = await readAll(
      file(header, 'NAL/1;M-12/3;eksploatacja;naliczenie;01.01.2026;10.01.2026;612,45;—;Opłata za styczeń'),
    );
    expect(output).toEqual([{ kind: 'row', row: charge(2) }]);
    const ascii = await readAll(file(header.replace('Tytuł', 'tytul'), `${CHARGE.replace(';Opł', ';x;Opł')}`));
    expect(rowsIn(ascii)).toEqual([charge(2)]);
  });

  it('names each missing column, and reads nothing further', async () => {
    const output = await readAll(file('id;lokal;rodzaj;data;kwota;tytuł', 'NAL/1;M-1;naliczenie;01.01.2026;1;x'));
    expect(output).toEqual([
      { kind: 'fileError', problem: 'missingColumn', column: 'fund', line: 1 },
      { kind: 'fileError', problem: 'missingColumn', column: 'due_on', line: 1 },
    ]);
  });

  it('refuses a header that names a column twice', async () => {
    const output = await readAll(file(`${HEADER};kwota`, `${CHARGE};612,45`));
    expect(output).toEqual([{ kind: 'fileError', problem: 'duplicateColumn', column: 'amount', line: 1 }]);
  });

  it('reads Polish letters from windows-1250', async () => {
    const titles = ['Opłata za lokal – ąćęłńóśźż', 'ZALICZKA NA WODĘ – ĄĆĘŁŃÓŚŹŻ', 'Spółdzielnia „Źródło”'];
    const lines = titles.map((title, index) =>
      CHARGE.replace('NAL/1', `NAL/${index}`).replace('Opłata za styczeń', title),
    );
    const bytes = iconv.encode(file(HEADER, ...lines), 'windows1250');
    let encoding;
    const output: ParsedLine[] = [];
    for await (const item of readEntries(chunksOf(bytes, 7), { onEncoding: (judged) => (encoding = judged) })) {
      output.push(item);
    }
    expect(encoding).toBe('windows-1250');
    expect(rowsIn(output).map((row) => row.title)).toEqual(titles);
    expect(problemsIn(output)).toEqual([]);
  });

  it.each([
    ['with', Buffer.from([0xef, 0xbb, 0xbf])],
    ['without', Buffer.alloc(0)],
  ])('reads UTF-8 %s a byte order mark', async (_with, mark) => {
    const output = await readAll(Buffer.concat([mark, Buffer.from(file(HEADER, CHARGE))]));
    expect(output).toEqual([{ kind: 'row', row: charge(2) }]);
  });

  it('calls an export in UTF-16 or a spreadsheet of its own format unreadable', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file(HEADER, CHARGE), 'utf16le')]);
    expect(await readAll(utf16)).toEqual([{ kind: 'fileError', problem: 'unreadableFile', line: 1 }]);
    const xlsx = Buffer.concat([
      Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'),
      Buffer.from(';[Content_Types].xml'),
    ]);
    expect(await readAll(xlsx)).toEqual([{ kind: 'fileError', problem: 'unreadableFile', line: 1 }]);
  });

  it('calls a file of blank lines empty, and a header alone no rows', async () => {
    expect(await readAll('')).toEqual([{ kind: 'fileError', problem: 'emptyFile' }]);
    expect(await readAll('\r\n \r\n;;;\r\n')).toEqual([{ kind: 'fileError', problem: 'emptyFile' }]);
    expect(await readAll(file(HEADER))).toEqual([]);
  });
});

describe('readEntries: line numbers', () => {
  it('counts CRLF lines, blank lines, and line breaks inside quoted cells', async () => {
    const twoLines = CHARGE.replace('NAL/1', 'NAL/2').replace('Opłata za styczeń', '"Opłata\r\nza styczeń"');
    const threeLines = CHARGE.replace('NAL/1', 'NAL/3').replace('Opłata za styczeń', '"Opłata\nza\nstyczeń"');
    const text = [HEADER, CHARGE, twoLines, '', PAYMENT, threeLines, ';;;;;;;', CHARGE.replace('NAL/1', 'NAL/4'), ''];
    const output = await readAll(text.join('\r\n'));
    expect(output).toEqual([
      { kind: 'row', row: charge(2) },
      { kind: 'error', line: 3, field: 'title', problem: 'controlCharacter' },
      { kind: 'row', row: expect.objectContaining({ line: 6, externalId: 'WB/1' }) },
      { kind: 'error', line: 7, field: 'title', problem: 'controlCharacter' },
      { kind: 'row', row: charge(11, { externalId: 'NAL/4' }) },
    ]);
  });

  it('counts a file whose lines end in LF here and CRLF there', async () => {
    const output = await readAll(`\n${HEADER}\r\n${CHARGE}\n\n${PAYMENT}\r\n`);
    expect(rowsIn(output).map((row) => row.line)).toEqual([3, 5]);
  });
});

describe('readEntries: rows', () => {
  it('refuses an external id seen before, naming the line where it was first', async () => {
    const output = await readAll(file(HEADER, CHARGE, PAYMENT, CHARGE, PAYMENT.replace('WB/1', ' NAL/1 ')));
    expect(rowsIn(output).map((row) => row.line)).toEqual([2, 3]);
    expect(problemsIn(output)).toEqual([
      { kind: 'error', line: 4, field: 'external_id', problem: 'duplicateId', firstLine: 2 },
      { kind: 'error', line: 5, field: 'external_id', problem: 'duplicateId', firstLine: 2 },
    ]);
  });

  it('counts an id as seen even on a row refused for something else', async () => {
    const output = await readAll(file(HEADER, CHARGE.replace('2026-01-01', '31.02.2026'), CHARGE));
    expect(problemsIn(output)).toEqual([
      { kind: 'error', line: 2, field: 'booked_on', problem: 'badDate' },
      { kind: 'error', line: 3, field: 'external_id', problem: 'duplicateId', firstLine: 2 },
    ]);
  });

  it('asks a due date of a charge and an opening debt, and of nothing else', async () => {
    const lines = [
      'A;M-1;maintenance;charge;2026-01-01;;10;Opłata',
      'B;M-1;maintenance;payment;2026-01-01;2026-01-10;10;Wpłata',
      'C;M-1;maintenance;allowance;2026-01-01;2026-01-10;10;Bonifikata',
      'D;M-1;maintenance;opening_balance;2026-01-01;;10;Zaległość',
      'E;M-1;maintenance;opening_balance;2026-01-01;2026-01-10;-10;Nadpłata',
      'F;M-1;maintenance;opening_balance;2026-01-01;;-10;Nadpłata',
      'G;M-1;maintenance;opening_balance;2026-01-01;2026-01-10;10;Zaległość',
      'H;M-1;maintenance;charge;2026-01-01;10.01.2026;10;Opłata',
      'I;M-1;maintenance;charge;2026-01-01;2026-01-32;10;Opłata',
    ];
    const output = await readAll(file(HEADER, ...lines));
    expect(rowsIn(output).map((row) => [row.externalId, row.dueOn, row.amount])).toEqual([
      ['F', null, -1000],
      ['G', '2026-01-10', 1000],
      ['H', '2026-01-10', 1000],
    ]);
    expect(problemsIn(output)).toEqual([
      { kind: 'error', line: 2, field: 'due_on', problem: 'dueDateMissing' },
      { kind: 'error', line: 3, field: 'due_on', problem: 'dueDateNotAllowed' },
      { kind: 'error', line: 4, field: 'due_on', problem: 'dueDateNotAllowed' },
      { kind: 'error', line: 5, field: 'due_on', problem: 'dueDateMissing' },
      { kind: 'error', line: 6, field: 'due_on', problem: 'dueDateNotAllowed' },
      { kind: 'error', line: 10, field: 'due_on', problem: 'badDate' },
    ]);
  });

  it('reports every problem of a row, each naming its column', async () => {
    const bad = ' ;M\u00001;fundusz;zwrot;2026-02-30;;-5;' + 'x'.repeat(201);
    expect(await readAll(file(HEADER, bad))).toEqual([
      { kind: 'error', line: 2, field: 'external_id', problem: 'missingValue' },
      { kind: 'error', line: 2, field: 'premises', problem: 'controlCharacter' },
      { kind: 'error', line: 2, field: 'fund', problem: 'unknownFund' },
      { kind: 'error', line: 2, field: 'kind', problem: 'unknownKind' },
      { kind: 'error', line: 2, field: 'booked_on', problem: 'badDate' },
      { kind: 'error', line: 2, field: 'title', problem: 'tooLong' },
    ]);
  });

  it('refuses a tab or a NUL anywhere in a row', async () => {
    const output = await readAll(
      file(HEADER, CHARGE.replace('612,45', '612,45\t'), CHARGE.replace('NAL/1', 'NAL/\u00002')),
    );
    expect(problemsIn(output)).toEqual([
      { kind: 'error', line: 2, field: 'amount', problem: 'controlCharacter' },
      { kind: 'error', line: 3, field: 'external_id', problem: 'controlCharacter' },
    ]);
  });

  it('refuses a row with a cell too few or too many, but not empty cells after the last', async () => {
    const output = await readAll(
      file(HEADER, CHARGE.replace(';Opłata za styczeń', ''), `${PAYMENT};uwaga`, `${CHARGE};;`),
    );
    expect(output).toEqual([
      { kind: 'error', line: 2, problem: 'wrongFieldCount' },
      { kind: 'error', line: 3, problem: 'wrongFieldCount' },
      { kind: 'row', row: charge(4) },
    ]);
  });
});

describe('readEntries: what stops the reading', () => {
  it('stops at a quote that is never closed, naming the line where its record starts', async () => {
    const output = await readAll(file(HEADER, CHARGE, '', `${PAYMENT.replace('Przelew', '"Przelew')}`, CHARGE));
    expect(output).toEqual([
      { kind: 'row', row: charge(2) },
      { kind: 'fileError', problem: 'malformedCsv', line: 4 },
    ]);
  });

  it('reports the rows before a broken quote however the file is cut into chunks', async () => {
    const text = file(HEADER, CHARGE, PAYMENT.replace('Przelew', '"Przelew'), CHARGE.replace('NAL/1', 'NAL/2'));
    for (const size of [1, 10, 100, text.length]) {
      const output: ParsedLine[] = [];
      for await (const item of readEntries(chunksOf(text, size))) output.push(item);
      expect(output).toEqual([
        { kind: 'row', row: charge(2) },
        { kind: 'fileError', problem: 'malformedCsv', line: 3 },
      ]);
    }
  });

  it('stops at a quote never closed without reading the rest of an endless file', async () => {
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(file(HEADER, CHARGE, PAYMENT.replace('Przelew', '"Przelew')));
      for (let index = 2; ; index += 1) yield Buffer.from(`${CHARGE.replace('NAL/1', `NAL/${index}`)}\n`);
    }
    const output: ParsedLine[] = [];
    for await (const item of readEntries(endless())) output.push(item);
    expect(output).toEqual([
      { kind: 'row', row: charge(2) },
      { kind: 'fileError', problem: 'malformedCsv', line: 3 },
    ]);
  });

  it('reads a quote inside a cell not quoted as a whole as a character of it', async () => {
    const output = await readAll(file(HEADER, PAYMENT.replace('Przelew', '"Przelew" z banku "Pekao"')));
    expect(rowsIn(output).map((row) => row.title)).toEqual(['"Przelew" z banku "Pekao"']);
  });

  it('stops after maxErrors row errors', async () => {
    const bad = (line: number) => CHARGE.replace('NAL/1', `NAL/${line}`).replace('612,45', 'dużo');
    const output = await readAll(file(HEADER, bad(2), CHARGE, bad(4), bad(5), bad(6), bad(7)), { maxErrors: 3 });
    expect(output).toEqual([
      { kind: 'error', line: 2, field: 'amount', problem: 'badAmount' },
      { kind: 'row', row: charge(3) },
      { kind: 'error', line: 4, field: 'amount', problem: 'badAmount' },
      { kind: 'error', line: 5, field: 'amount', problem: 'badAmount' },
      { kind: 'fileError', problem: 'tooManyErrors', line: 6 },
    ]);
  });

  it('throws what the source throws: a broken upload is not a bad file', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from(file(HEADER, CHARGE));
      throw new Error('connection reset');
    }
    const output: ParsedLine[] = [];
    await expect(async () => {
      for await (const item of readEntries(broken())) output.push(item);
    }).rejects.toThrow('connection reset');
  });

  it('lets go of the source when the reader stops early', async () => {
    let released = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from(file(HEADER, CHARGE));
        for (let index = 2; ; index += 1) yield Buffer.from(`${CHARGE.replace('NAL/1', `NAL/${index}`)}\n`);
      } finally {
        released = true;
      }
    }
    for await (const item of readEntries(source())) {
      expect(item).toEqual({ kind: 'row', row: charge(2) });
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(true);
  });
});
