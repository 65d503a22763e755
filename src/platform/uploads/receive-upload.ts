// A file posted with a form (multipart/form-data), for a route that asks for one. The body is
// read in two steps. The CSRF check (http/csrf.ts), which runs before any route, reads the text
// fields up to the file (the form puts its token first) and stops there: a request whose token
// fails is refused before a byte of the file is read. The route then receives the file for its
// purpose: refused at once with a 413 when the request says it is larger than the purpose
// allows, else streamed to the route chunk by chunk (the size checked as it comes), sniffed from
// its first bytes, and kept in memory, within the purpose's limit, for the route to store.
import type { Request } from 'express';
import {
  multipartBoundary,
  multipartParts,
  UploadTooLarge,
  type MultipartLimits,
  type MultipartPart,
} from './multipart.ts';
import { SNIFF_BYTES, type UploadPurpose } from './upload-purpose.ts';

/** What a form may send beside its file: the CSRF token and a few small fields. */
const FIELD_LIMITS: MultipartLimits = { maxFieldBytes: 4 * 1024, maxFields: 20, maxFiles: 1, maxFileBytes: 0 };

type FilePart = Extract<MultipartPart, { kind: 'file' }>;

interface Reading {
  body: AsyncIterator<Buffer | string>;
  limits: MultipartLimits;
  file: FilePart | undefined;
}

const readings = new WeakMap<Request, Reading>();

export function isMultipart(req: Request): boolean {
  return multipartBoundary(req.headers['content-type']) !== undefined;
}

/**
 * The text fields before the file of a multipart request (the CSRF check's req.body); the file
 * itself is left unread for the route. A field after the file is not read at all.
 */
export async function fieldsBeforeFile(req: Request): Promise<Record<string, string>> {
  const boundary = multipartBoundary(req.headers['content-type'])!;
  const limits = { ...FIELD_LIMITS };
  // Not destroyed when the reading stops early: the rest is the route's to read or discard.
  const body = req.iterator({ destroyOnReturn: false });
  const parts = multipartParts({ [Symbol.asyncIterator]: () => body }, boundary, () => limits);
  const reading: Reading = { body, limits, file: undefined };
  readings.set(req, reading);
  // No prototype: a field named __proto__ is a field like any other.
  const fields = Object.create(null) as Record<string, string>;
  for (;;) {
    const next = await parts.next();
    if (next.done) return fields;
    if (next.value.kind === 'file') {
      reading.file = next.value;
      return fields;
    }
    fields[next.value.name] = next.value.value;
  }
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
       * Reads what a reader that stopped early (at a file error) left of the file, keeping
       * none of it: a file too large is a 413 however early its problems began.
       */
      skipRest(): Promise<void>;
    };

/**
 * The request's file for this purpose. Throws UploadTooLarge (413) at once when the request
 * says it is larger than the purpose allows; later, from content, when it turns out to be.
 */
export async function receiveUpload(req: Request, purpose: UploadPurpose): Promise<ReceivedUpload> {
  const reading = readings.get(req);
  if (!reading) return { kind: 'none' };
  reading.limits.maxFileBytes = purpose.maxBytes;
  const file = reading.file;
  // A form whose file input was left empty sends a part with no name and no content.
  if (!file || file.fileName === '') return { kind: 'none' };
  if (declaredFileBytes(req, file) > purpose.maxBytes) throw new UploadTooLarge('file', purpose.maxBytes);
  const source = file.content[Symbol.asyncIterator]();
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
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      kept.push(next.value);
      yield next.value;
    }
  }
  const skipRest = async () => {
    if (ended) return;
    for (let next = await source.next(); !next.done; next = await source.next());
  };
  return {
    kind: 'file',
    fileName: file.fileName,
    mediaType,
    content: content(),
    bytes: () => Buffer.concat(kept),
    skipRest,
  };
}

/**
 * The file's size as the request's Content-Length has it: what follows the file's start, less
 * the closing boundary line. A file is the last part of our forms (the browser sends the fields
 * in the order of the page), so a browser's too large a file is refused before a byte of it is
 * read; without a Content-Length (chunked), the file is measured as it arrives.
 */
function declaredFileBytes(req: Request, file: FilePart): number {
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared)) return 0;
  const closing = `\r\n--${multipartBoundary(req.headers['content-type'])!}--\r\n`.length;
  return declared - file.offset - closing;
}

/**
 * What is left of the body, read and thrown away, never kept, once the answer is sent (the CSRF
 * check arranges it): after a refusal (a 413), so that the browser, still sending, gets the page
 * that says why rather than a broken connection, and after any answer that did not need all of
 * it. Nothing when the body was read to its end.
 */
export function discardRestOf(req: Request): void {
  const body = readings.get(req)?.body;
  if (!body) return;
  void (async () => {
    // The stream is read through its iterator (resume() would not make it flow again).
    for (let next = await body.next(); !next.done; next = await body.next());
  })().catch(() => undefined);
}
