// The multipart reader on bodies as browsers send them, cut into chunks anywhere (a boundary
// split across two chunks is the case to get right), and on what it must refuse: a file one
// byte over its limit, too many fields, a body that ends inside a part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multipartBoundary, multipartParts, UploadTooLarge, type MultipartLimits } from './multipart.ts';

const BOUNDARY = '----WebKitFormBoundaryx7Tq0ZcUQvJbXy2P';
const LIMITS: MultipartLimits = { maxFileBytes: 1024, maxFieldBytes: 100, maxFields: 5, maxFiles: 1 };

function body(parts: { name: string; value: string | Buffer; fileName?: string }[]): Buffer {
  const pieces: Buffer[] = [Buffer.from('preamble to skip\r\n')];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const type = part.fileName === undefined ? '' : 'Content-Type: text/csv\r\n';
    pieces.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    pieces.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(pieces);
}

async function* cut(bytes: Buffer, at: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const end of [...new Set(at)].sort((a, b) => a - b)) {
    if (end > start && end < bytes.length) {
      yield bytes.subarray(start, end);
      start = end;
    }
  }
  yield bytes.subarray(start);
}

async function read(source: AsyncIterable<Buffer>, limits = LIMITS) {
  const read: { kind: string; name: string; value: string; fileName?: string; mediaType?: string; offset?: number }[] =
    [];
  for await (const part of multipartParts(source, BOUNDARY, () => limits)) {
    if (part.kind === 'field') read.push(part);
    else {
      const chunks: Buffer[] = [];
      for await (const chunk of part.content) chunks.push(chunk);
      const { kind, name, fileName, mediaType, offset } = part;
      read.push({ kind, name, fileName, mediaType, offset, value: Buffer.concat(chunks).toString('latin1') });
    }
  }
  return read;
}

describe('multipartParts', () => {
  it('reads the fields and the file wherever the chunks are cut', async () => {
    // The file holds what looks like boundaries but is not one, and bytes of every value.
    const content = Buffer.concat([
      Buffer.from(`id;kwota\r\n--${BOUNDARY.slice(0, 10)}\r\n\r\n--\r\n`),
      Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)),
    ]);
    const bytes = body([
      { name: '_csrf', value: 'token-value' },
      { name: 'file', value: content, fileName: 'C:\\Users\\anna\\wpłaty.csv' },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (at) => {
        expect(await read(cut(bytes, at))).toEqual([
          { kind: 'field', name: '_csrf', value: 'token-value' },
          {
            kind: 'file',
            name: 'file',
            fileName: 'wpłaty.csv',
            mediaType: 'text/csv',
            offset: bytes.indexOf(content),
            value: content.toString('latin1'),
          },
        ]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a file of exactly the limit, and refuses one byte more with a 413', async () => {
    const exact = body([{ name: 'file', value: Buffer.alloc(1024, 'a'), fileName: 'a.csv' }]);
    expect((await read(cut(exact, [100, 600])))[0]!.value).toHaveLength(1024);
    const over = body([{ name: 'file', value: Buffer.alloc(1025, 'a'), fileName: 'a.csv' }]);
    const refusal = await read(cut(over, [100, 600])).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadTooLarge);
    expect(refusal).toMatchObject({ status: 413, limit: 'file', maxBytes: 1024 });
  });

  it('refuses too many fields, too long a field, a second file and a body cut short', async () => {
    const many = body(Array.from({ length: 6 }, (_, index) => ({ name: `f${index}`, value: 'x' })));
    await expect(read(cut(many, []))).rejects.toMatchObject({ status: 413, limit: 'fields' });
    const long = body([{ name: 'note', value: 'x'.repeat(101) }]);
    await expect(read(cut(long, []))).rejects.toMatchObject({ status: 413, limit: 'field' });
    const two = body([
      { name: 'file', value: 'a', fileName: 'a.csv' },
      { name: 'file', value: 'b', fileName: 'b.csv' },
    ]);
    await expect(read(cut(two, []))).rejects.toMatchObject({ status: 413, limit: 'files' });
    const whole = body([{ name: 'file', value: 'a;b\r\n', fileName: 'a.csv' }]);
    await expect(read(cut(whole.subarray(0, whole.length - 20), []))).rejects.toMatchObject({ status: 400 });
  });

  it('skips what a reader leaves of a file and goes on to the next part', async () => {
    const bytes = body([
      { name: 'file', value: Buffer.alloc(900, 'a'), fileName: 'a.csv' },
      { name: 'after', value: 'still read' },
    ]);
    const names: string[] = [];
    for await (const part of multipartParts(cut(bytes, [50, 300]), BOUNDARY, () => LIMITS)) {
      names.push(part.kind === 'field' ? `${part.name}=${part.value}` : part.name);
      if (part.kind === 'file') for await (const _first of part.content) break;
    }
    expect(names).toEqual(['file', 'after=still read']);
  });

  it('finds the boundary of a multipart/form-data request only', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });
});
