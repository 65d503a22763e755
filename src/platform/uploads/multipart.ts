// Reading a multipart/form-data body (RFC 7578) as it arrives: the parts one at a time, a file's
// content as a stream of its own, so a file is handed on chunk by chunk and never held whole
// here. Every limit is enforced on the bytes as they come, before they are kept anywhere: a
// part's headers, a text field, the number of fields, the file's size (413 the moment one byte
// too many arrives). No package of the kind is installed (busboy, multer; formidable only as a
// test tool's dependency), and the format is small: parts between boundary lines, each with
// headers, of which only Content-Disposition and Content-Type matter to a form.
//
// The body is searched for CRLF "--" boundary; the bytes that could be the start of one are held
// back until the next chunk says whether they are.
import { HttpError } from '../http/errors.ts';

export interface MultipartLimits {
  /** The file's content, in bytes. */
  maxFileBytes: number;
  /** One text field's value, in bytes. */
  maxFieldBytes: number;
  /** Text fields in all. */
  maxFields: number;
  /** Files in all: a form of ours sends one. */
  maxFiles: number;
}

/** One part's headers at most: Content-Disposition with a long file name, and Content-Type. */
const MAX_HEADER_BYTES = 4 * 1024;

export type MultipartPart =
  | { kind: 'field'; name: string; value: string }
  | {
      kind: 'file';
      name: string;
      fileName: string;
      mediaType: string;
      /** Where in the body the content begins: what the body's length leaves for it is known at once. */
      offset: number;
      content: AsyncIterable<Buffer>;
    };

/** More was sent than a limit allows: 413, with what was over it. */
export class UploadTooLarge extends HttpError {
  readonly limit: 'file' | 'field' | 'fields' | 'files' | 'header';
  readonly maxBytes: number | undefined;

  constructor(limit: UploadTooLarge['limit'], maxBytes?: number) {
    super(413, `upload too large: ${limit}`);
    this.limit = limit;
    this.maxBytes = maxBytes;
  }
}

/** The boundary a multipart/form-data request's Content-Type names; undefined for anything else. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return boundary?.[1] ?? boundary?.[2];
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** The source's bytes with a look-ahead: what a parser of delimited parts needs. */
class Bytes {
  #held: Buffer = Buffer.alloc(0);
  /** Bytes handed on so far, the CRLF put before the body included. */
  #taken = 0;
  readonly #source: AsyncIterator<Buffer | string>;

  constructor(source: AsyncIterable<Buffer | string>, first: Buffer) {
    this.#source = source[Symbol.asyncIterator]();
    this.#held = first;
  }

  get held(): Buffer {
    return this.#held;
  }

  get taken(): number {
    return this.#taken;
  }

  /** Reads one more chunk onto what is held; false at the end of the body. */
  async more(): Promise<boolean> {
    const next = await this.#source.next();
    if (next.done) return false;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.#held = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    return true;
  }

  take(length: number): Buffer {
    const taken = this.#held.subarray(0, length);
    this.#held = this.#held.subarray(length);
    this.#taken += taken.length;
    return taken;
  }
}

const truncated = () => new HttpError(400, 'multipart body ends inside a part');

/**
 * The parts of the body in order. A file's `content` must be read (or left) before the next
 * part is asked for; what is left of it is skipped, still counted against the limit.
 */
export async function* multipartParts(
  source: AsyncIterable<Buffer | string>,
  boundary: string,
  limits: () => MultipartLimits,
): AsyncGenerator<MultipartPart> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A CRLF before the body lets the first boundary, which has none, be found as the others are;
  // whatever comes before it (a preamble) is skipped.
  const bytes = new Bytes(source, Buffer.from(CRLF));
  let fields = 0;
  let files = 0;

  /** Hands on the bytes up to the next delimiter and drops the delimiter; false if the body ended first. */
  async function* upToDelimiter(): AsyncGenerator<Buffer> {
    for (;;) {
      const at = bytes.held.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield bytes.take(at);
        bytes.take(delimiter.length);
        return;
      }
      // All but what could be the beginning of a delimiter split across chunks.
      const safe = bytes.held.length - (delimiter.length - 1);
      if (safe > 0) yield bytes.take(safe);
      if (!(await bytes.more())) throw truncated();
    }
  }

  /** After a delimiter: "--" ends the body, CRLF starts a part. */
  async function partFollows(): Promise<boolean> {
    while (bytes.held.length < 2) if (!(await bytes.more())) throw truncated();
    const after = bytes.take(2).toString('latin1');
    if (after === '--') return false;
    if (after !== '\r\n') throw new HttpError(400, 'malformed multipart boundary');
    return true;
  }

  async function headers(): Promise<Map<string, string>> {
    let end = bytes.held.indexOf(HEADERS_END);
    while (end < 0) {
      if (bytes.held.length > MAX_HEADER_BYTES) throw new UploadTooLarge('header');
      if (!(await bytes.more())) throw truncated();
      end = bytes.held.indexOf(HEADERS_END);
    }
    if (end > MAX_HEADER_BYTES) throw new UploadTooLarge('header');
    const text = bytes.take(end).toString('utf8');
    bytes.take(HEADERS_END.length);
    const parsed = new Map<string, string>();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) parsed.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    return parsed;
  }

  for await (const _preamble of upToDelimiter());
  while (await partFollows()) {
    const partHeaders = await headers();
    const disposition = dispositionOf(partHeaders.get('content-disposition') ?? '');
    if (disposition.fileName === undefined) {
      fields += 1;
      if (fields > limits().maxFields) throw new UploadTooLarge('fields');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of upToDelimiter()) {
        size += chunk.length;
        if (size > limits().maxFieldBytes) throw new UploadTooLarge('field', limits().maxFieldBytes);
        chunks.push(chunk);
      }
      yield { kind: 'field', name: disposition.name, value: Buffer.concat(chunks).toString('utf8') };
      continue;
    }
    files += 1;
    if (files > limits().maxFiles) throw new UploadTooLarge('files');
    const content = sizeLimited(upToDelimiter(), () => limits().maxFileBytes);
    yield {
      kind: 'file',
      name: disposition.name,
      fileName: disposition.fileName,
      mediaType: (partHeaders.get('content-type') ?? 'application/octet-stream').toLowerCase(),
      offset: bytes.taken - CRLF.length,
      content,
    };
    // Whatever of the file the reader left is skipped, and still may not pass the limit.
    for await (const _rest of content);
  }
}

/** The content, refused with a 413 as soon as it passes the limit (read when the limit is needed). */
function sizeLimited(chunks: AsyncGenerator<Buffer>, maxBytes: () => number): AsyncIterable<Buffer> {
  async function* limited(): AsyncGenerator<Buffer> {
    let size = 0;
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes()) throw new UploadTooLarge('file', maxBytes());
      yield chunk;
    }
  }
  // One generator shared by the reader and the skipping after it: each chunk is read once, and a
  // reader that stops early (at a file error) leaves the rest to be skipped, not cut off.
  const shared = limited();
  const iterator: AsyncIterator<Buffer> = {
    next: () => shared.next(),
    return: () => Promise.resolve({ done: true, value: undefined }),
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

/**
 * Content-Disposition: form-data; name="…"; filename="…". Browsers write a quote in a name as
 * %22 and no backslash escapes (RFC 7578 4.2), and an old one sent a Windows path whose
 * backslashes are not escapes either: a backslash is read as itself.
 */
function dispositionOf(header: string): { name: string; fileName: string | undefined } {
  const params = new Map<string, string>();
  for (const match of header.matchAll(/;\s*([A-Za-z*]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g)) {
    params.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? '');
  }
  // A browser sends only the file's own name; a path some send is cut to its last part.
  const fileName = params.get('filename')?.split(/[\\/]/).pop();
  return { name: params.get('name') ?? '', fileName };
}
