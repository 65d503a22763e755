// A file posted with a form (multipart/form-data, read by busboy), for a route that asks for
// one. The body is read in two steps. The CSRF check (http/csrf.ts), which runs before any
// route, reads the text fields up to the file (the form puts its token first) and stops there:
// busboy holds the file back (its stream is not read, so neither is the request), and a request
// whose token fails is refused before the file is read. The route then receives the file for its
// purpose: refused at once with a 413 when the request's length leaves no doubt it is larger than
// the purpose allows, else handed to the route chunk by chunk and measured as it comes (a 413
// the moment it passes the limit), sniffed from its first bytes (content-type.ts: what it is,
// whatever its name), and kept in memory, within the purpose's limit, for the route to store.
// What a route leaves unread is thrown away.
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError } from '../http/errors.ts';
import { SNIFF_BYTES, type UploadPurpose } from './upload-purpose.ts';

/** More was sent than a limit allows: 413, with what was over it. */
export class UploadTooLarge extends HttpError {
  readonly limit: 'file' | 'field' | 'fields' | 'files';
  readonly maxBytes: number | undefined;

  constructor(limit: UploadTooLarge['limit'], maxBytes?: number) {
    super(413, `upload too large: ${limit}`);
    this.limit = limit;
    this.maxBytes = maxBytes;
  }
}

/** What a form may send beside its file: the CSRF token and a few small fields. */
const LIMITS = { fieldSize: 4 * 1024, fields: 20, files: 1, parts: 30, headerPairs: 20 };

interface HeldFile {
  fileName: string;
  mediaType: string;
  stream: Readable;
  /** Bytes of the body busboy had been given when the file began: its content starts no earlier. */
  bodyBytesBefore: number;
}

interface Reading {
  file: HeldFile | undefined;
  /** A limit passed after the file began (a second file): thrown where the file is read. */
  failure: Error | undefined;
}

const readings = new WeakMap<Request, Reading>();

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '');
}

/**
 * The text fields before the file of a multipart request (the CSRF check's req.body); the file
 * itself is held back, unread, for the route. A field after the file is not read before it.
 */
export function fieldsBeforeFile(req: Request): Promise<Record<string, string>> {
  const reading: Reading = { file: undefined, failure: undefined };
  readings.set(req, reading);
  // No prototype: a field named __proto__ is a field like any other.
  const fields = Object.create(null) as Record<string, string>;
  let bodyBytes = 0;
  req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: 'utf8' });
    } catch {
      return reject(new HttpError(400, 'malformed multipart request'));
    }
    const fail = (error: Error) => {
      reading.failure ??= error;
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      // busboy may read on past a small file within the same chunk: a field after the file is
      // not part of what the CSRF check sees, or a token sent after the file would pass.
      if (reading.file) return;
      if (info.valueTruncated || info.nameTruncated) fail(new UploadTooLarge('field', LIMITS.fieldSize));
      else fields[name] = value;
    });
    parser.on('fieldsLimit', () => fail(new UploadTooLarge('fields')));
    parser.on('partsLimit', () => fail(new UploadTooLarge('fields')));
    parser.on('filesLimit', () => fail(new UploadTooLarge('files')));
    parser.on('file', (_name, stream, info) => {
      if (reading.file) return stream.resume();
      reading.file = { fileName: info.filename, mediaType: info.mimeType, stream, bodyBytesBefore: bodyBytes };
      resolve(fields);
    });
    parser.on('close', () => resolve(fields));
    parser.on('error', () => fail(new HttpError(400, 'malformed multipart body')));
    req.pipe(parser);
  });
}

export type ReceivedUpload =
  /** No file was chosen (or the form was not sent as multipart). */
  | { kind: 'none' }
  /** The purpose's sniff refused the content. */
  | { kind: 'refused'; fileName: string }
  | {
      kind: 'file';
      fileName: string;
      /** As the purpose's sniff judged it. */
      mediaType: string;
      /** The file's bytes as they arrive; a 413 (UploadTooLarge) is thrown from here. */
      content: AsyncIterable<Buffer>;
      /** The whole file, once content has been read to its end. */
      bytes(): Buffer;
      /**
       * Reads content to its end (a 413 the moment it passes the limit) and gives the whole
       * file: for a check that needs all of it before judging, as an image's does.
       */
      whole(): Promise<Buffer>;
      /**
       * Reads what a reader that stopped early (at a file error) left of the file, keeping
       * none of it: a file too large is a 413 however early its problems began.
       */
      skipRest(): Promise<void>;
    };

/**
 * The request's file for this purpose. Throws UploadTooLarge (413) at once when the request's
 * length says it is larger than the purpose allows; later, from content, when it turns out to be.
 */
export async function receiveUpload(req: Request, purpose: UploadPurpose): Promise<ReceivedUpload> {
  const reading = readings.get(req);
  const file = reading?.file;
  // A form whose file input was left empty sends a part with an empty file name and no content
  // (busboy reads it as a field, or as a file without a name, as the part's headers go).
  if (!reading || !file || !file.fileName) return { kind: 'none' };
  if (leftForFile(req, file) > purpose.maxBytes) throw new UploadTooLarge('file', purpose.maxBytes);
  const source = measured(file.stream, purpose.maxBytes, reading)[Symbol.asyncIterator]();
  const kept: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    kept.push(next.value);
    headBytes += next.value.length;
  }
  const mediaType = purpose.sniff(Buffer.concat(kept).subarray(0, SNIFF_BYTES), file);
  if (mediaType === undefined) return { kind: 'refused', fileName: file.fileName };
  async function* content(): AsyncGenerator<Buffer> {
    yield* kept.slice();
    if (ended) return;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      kept.push(next.value);
      yield next.value;
    }
    ended = true;
  }
  const skipRest = async () => {
    while (!ended) ended = (await source.next()).done === true;
  };
  const chunks = content();
  const bytes = () => Buffer.concat(kept);
  const whole = async () => {
    for await (const _chunk of chunks);
    return bytes();
  };
  return { kind: 'file', fileName: file.fileName, mediaType, content: chunks, bytes, whole, skipRest };
}

/** The file's chunks, refused with a 413 the moment they pass the limit. */
async function* measured(stream: Readable, maxBytes: number, reading: Reading): AsyncGenerator<Buffer> {
  let size = 0;
  // Not destroyed when a reader stops early: what is left is skipped, or thrown away.
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new UploadTooLarge('file', maxBytes);
    yield chunk;
  }
  if (reading.failure) throw reading.failure;
}

/**
 * What the request's length leaves for the file at least: the body after what busboy had been
 * given when the file began, less the closing boundary. A file is the last part of our forms
 * (the browser sends the fields in the order of the page), and its content began within the
 * last chunk busboy had: this is the file's size less a chunk's worth at most, so a file more
 * than that over the limit is refused before it is read, and one just over it as it comes.
 * Without a length (chunked), nothing.
 */
function leftForFile(req: Request, file: HeldFile): number {
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared)) return 0;
  const boundary = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(req.headers['content-type'] ?? '');
  const closing = `\r\n--${boundary?.[1] ?? boundary?.[2] ?? ''}--\r\n`.length;
  return declared - file.bodyBytesBefore - closing;
}

/**
 * What is left of the body, read and thrown away, never kept, once the answer is sent (the CSRF
 * check arranges it): after a refusal (a 413), so that the browser, still sending, gets the page
 * that says why rather than a broken connection, and after any answer that did not need all of
 * it. Nothing when the body was read to its end.
 */
export function discardRestOf(req: Request): void {
  if (req.readableEnded) return;
  req.unpipe();
  req.resume();
}
