// The upload layer on bodies as browsers send them, cut into chunks anywhere: the fields before
// the file for the CSRF check, then the file for its purpose; a file one byte over the limit is
// a 413 as it comes, one plainly over it a 413 from the request's length before it is read; a
// second file, too many fields and too long a field are refused. A purpose that accepts some
// types judges the file by its bytes (a PNG named .jpg is a PNG, a PDF named .jpg no photo) and
// has its own limit: exactly 5 MB is a photo, 5 MB and a byte a 413 before the file is whole.
import { PassThrough } from 'node:stream';
import type { Request } from 'express';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsBeforeFile, receiveUpload, UploadTooLarge } from './receive-upload.ts';
import { minimalPdf, paddedTo, photo, photoPurpose, proofDocumentPurpose } from '../../../test/support/upload-files.ts';
import { defineUploadPurpose } from './upload-purpose.ts';

const BOUNDARY = '----WebKitFormBoundaryx7Tq0ZcUQvJbXy2P';
const PURPOSE = defineUploadPurpose({ name: 'unit-test', maxBytes: 1024, keepForMs: 1, sniff: () => 'text/csv' });

type Part = { name: string; value: string | Buffer; fileName?: string; type?: string };

function body(parts: Part[]): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const type = part.fileName === undefined ? '' : `Content-Type: ${part.type ?? 'text/csv'}\r\n`;
    pieces.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    pieces.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(pieces);
}

/** A request whose body arrives in chunks cut at `at`; with its length unless `chunked`. */
function requestOf(bytes: Buffer, at: number[] = [], { chunked = false } = {}): Request {
  const stream = new PassThrough();
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (!chunked) headers['content-length'] = String(bytes.length);
  Object.assign(stream, { headers });
  let start = 0;
  for (const end of [...new Set(at)].sort((a, b) => a - b)) {
    if (end > start && end < bytes.length) {
      stream.write(bytes.subarray(start, end));
      start = end;
    }
  }
  stream.end(bytes.subarray(start));
  return stream as unknown as Request;
}

async function fileOf(req: Request): Promise<string> {
  const upload = await receiveUpload(req, PURPOSE);
  if (upload.kind !== 'file') return upload.kind;
  for await (const _chunk of upload.content);
  return upload.bytes().toString('latin1');
}

describe('the upload layer', () => {
  it('reads the fields before the file, then the file, wherever the chunks are cut', async () => {
    // Bytes of every value, and what looks like a boundary but is not one.
    const content = Buffer.concat([
      Buffer.from(`id;kwota\r\n--${BOUNDARY.slice(0, 10)}\r\n\r\n--\r\n`),
      Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)),
    ]);
    const bytes = body([
      { name: '_csrf', value: 'token-value' },
      { name: 'file', value: content, fileName: 'wpłaty.csv' },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), async (at) => {
        const req = requestOf(bytes, at);
        expect({ ...(await fieldsBeforeFile(req)) }).toEqual({ _csrf: 'token-value' });
        expect(await fileOf(req)).toBe(content.toString('latin1'));
      }),
      { numRuns: 50 },
    );
  });

  it('takes a file of exactly the limit, and refuses one byte more as it comes', async () => {
    const exact = requestOf(body([{ name: 'file', value: Buffer.alloc(1024, 'a'), fileName: 'a.csv' }]), [], {
      chunked: true,
    });
    await fieldsBeforeFile(exact);
    expect(await fileOf(exact)).toHaveLength(1024);
    const over = requestOf(body([{ name: 'file', value: Buffer.alloc(1025, 'a'), fileName: 'a.csv' }]), [], {
      chunked: true,
    });
    await fieldsBeforeFile(over);
    const refusal = await fileOf(over).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadTooLarge);
    expect(refusal).toMatchObject({ status: 413, limit: 'file', maxBytes: 1024 });
  });

  it('refuses a file its length shows too large before reading it', async () => {
    const req = requestOf(body([{ name: 'file', value: Buffer.alloc(100_000, 'a'), fileName: 'a.csv' }]), [200]);
    await fieldsBeforeFile(req);
    await expect(receiveUpload(req, PURPOSE)).rejects.toMatchObject({ status: 413, limit: 'file' });
  });

  it('says there is no file when none was chosen or the form was not multipart', async () => {
    const empty = requestOf(
      body([
        { name: '_csrf', value: 't' },
        { name: 'file', value: '', fileName: '' },
      ]),
    );
    expect({ ...(await fieldsBeforeFile(empty)) }).toMatchObject({ _csrf: 't' });
    expect(await fileOf(empty)).toBe('none');
    // As a browser sends an empty file input: busboy reads it as a file without a name.
    const unnamed = requestOf(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=""\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n\r\n--${BOUNDARY}--\r\n`,
      ),
    );
    await fieldsBeforeFile(unnamed);
    expect(await fileOf(unnamed)).toBe('none');
    const fieldsOnly = requestOf(body([{ name: '_csrf', value: 't' }]));
    await fieldsBeforeFile(fieldsOnly);
    expect(await fileOf(fieldsOnly)).toBe('none');
    expect(await fileOf(new PassThrough() as unknown as Request)).toBe('none');
  });

  it('refuses too many fields, too long a field, and a second file', async () => {
    const many = body(Array.from({ length: 21 }, (_, index) => ({ name: `f${index}`, value: 'x' })));
    await expect(fieldsBeforeFile(requestOf(many))).rejects.toMatchObject({ status: 413, limit: 'fields' });
    const long = body([{ name: 'note', value: 'x'.repeat(4 * 1024 + 1) }]);
    await expect(fieldsBeforeFile(requestOf(long))).rejects.toMatchObject({ status: 413, limit: 'field' });
    const two = requestOf(
      body([
        { name: 'file', value: 'a', fileName: 'a.csv' },
        { name: 'file', value: 'b', fileName: 'b.csv' },
      ]),
    );
    await fieldsBeforeFile(two);
    await expect(fileOf(two)).rejects.toMatchObject({ status: 413, limit: 'files' });
  });
});

describe('a purpose that accepts some types, with a limit of its own', () => {
  const PHOTO = photoPurpose('unit-photo');
  const DOCUMENT = proofDocumentPurpose('unit-document');

  async function send(purpose: typeof PHOTO, content: Buffer, fileName: string, type: string) {
    // In a socket's chunks of 64 kB, without a length: measured as it comes.
    const bytes = body([{ name: 'file', value: content, fileName, type }]);
    const cuts = Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, index) => (index + 1) * 65_536);
    const req = requestOf(bytes, cuts, { chunked: true });
    await fieldsBeforeFile(req);
    return receiveUpload(req, purpose);
  }

  it('judges the file by its bytes, whatever its name and the type the browser gave it', async () => {
    const png = await photo({ width: 350, height: 450, format: 'png' });
    const renamedPng = await send(PHOTO, png, 'zdjęcie.jpg', 'image/jpeg');
    expect(renamedPng).toMatchObject({ kind: 'file', fileName: 'zdjęcie.jpg', mediaType: 'image/png' });
    if (renamedPng.kind === 'file') expect((await renamedPng.whole()).equals(png)).toBe(true);
    // A PDF is no photo whatever its name, and is a proof document whatever its name.
    const pdf = minimalPdf();
    expect(await send(PHOTO, pdf, 'zdjęcie.jpg', 'image/jpeg')).toEqual({ kind: 'refused', fileName: 'zdjęcie.jpg' });
    expect(await send(DOCUMENT, pdf, 'skan.jpg', 'image/jpeg')).toMatchObject({
      kind: 'file',
      mediaType: 'application/pdf',
    });
    expect(await send(PHOTO, Buffer.from('id;kwota\r\n'), 'zdjęcie.png', 'image/png')).toMatchObject({
      kind: 'refused',
    });
    expect([PHOTO.accepts, DOCUMENT.accepts]).toEqual([
      ['image/jpeg', 'image/png'],
      ['application/pdf', 'image/jpeg', 'image/png'],
    ]);
  });

  it.each([
    { purpose: PHOTO, limit: '5 MB', file: () => photo({ width: 350, height: 450 }), type: 'image/jpeg' },
    { purpose: DOCUMENT, limit: '10 MB', file: async () => minimalPdf(), type: 'application/pdf' },
  ])('takes exactly $limit, and refuses one byte more before the file is whole', async ({ purpose, file, type }) => {
    const exact = await send(purpose, paddedTo(await file(), purpose.maxBytes), 'plik', type);
    if (exact.kind !== 'file') throw new Error(`not a file: ${exact.kind}`);
    expect(exact.mediaType).toBe(type);
    expect((await exact.whole()).length).toBe(purpose.maxBytes);

    const over = await send(purpose, paddedTo(await file(), purpose.maxBytes + 1), 'plik', type);
    if (over.kind !== 'file') throw new Error(`not a file: ${over.kind}`);
    const refusal = await over.whole().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadTooLarge);
    expect(refusal).toMatchObject({ status: 413, limit: 'file', maxBytes: purpose.maxBytes });
    // What was read before the limit is all there is: never the whole file.
    expect(over.bytes().length).toBeLessThanOrEqual(purpose.maxBytes);
  });

  it('refuses a purpose that accepts nothing, or has no limit', () => {
    expect(() => defineUploadPurpose({ name: 'nothing', maxBytes: 1, keepForMs: 1, accepts: [] })).toThrow();
    expect(() =>
      defineUploadPurpose({ name: 'unlimited', maxBytes: Infinity, keepForMs: 1, accepts: ['image/png'] }),
    ).toThrow();
  });
});
