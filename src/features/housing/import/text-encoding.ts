// The bytes of an uploaded file as text. Accounting systems in Poland export UTF-8 (with or
// without a byte order mark) or windows-1250 and do not say which, so the encoding is judged
// from the bytes as they stream in, never by reading the whole file first:
//
// - a UTF-8 byte order mark at the start: UTF-8;
// - otherwise the bytes up to the first non-ASCII one read the same in both encodings and are
//   passed on at once; from the first non-ASCII byte, whole chunks are held back and checked
//   until 64 KB have been: valid UTF-8 (a character cut at the edge counts as valid, the next
//   chunk completes it), the file is UTF-8; at the first byte that is not, windows-1250. A file
//   that ends within the window is judged on all of it.
//
// One non-ASCII character would not settle it: windows-1250 "ÓŁ" (D3 A3, as in "SPÓŁDZIELNIA")
// is also a valid UTF-8 character, while 64 KB of windows-1250 Polish text holds many bytes that
// UTF-8 refuses. Bytes after the window are decoded in the encoding chosen; in a file judged
// UTF-8, bytes that are not UTF-8 come out as U+FFFD, which the row checks refuse (badEncoding).
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'windows-1250';

/** How much of the file from its first non-ASCII byte is checked before UTF-8 is believed. */
export const ENCODING_WINDOW_BYTES = 64 * 1024;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ICONV_NAMES = { 'utf-8': 'utf8', 'windows-1250': 'windows1250' } as const;

/** The file's chunks as text, in order; `onEncoding` hears the encoding once it is judged. */
export async function* decodedText(
  chunks: AsyncIterable<Uint8Array | string>,
  onEncoding?: (encoding: TextEncoding) => void,
): AsyncGenerator<string> {
  const decoder = new GuessingDecoder(onEncoding);
  for await (const chunk of chunks) {
    const text = decoder.write(bytesOf(chunk));
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

function bytesOf(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

class GuessingDecoder {
  readonly #onEncoding: ((encoding: TextEncoding) => void) | undefined;
  /** The first bytes until there are enough to tell a byte order mark, then the window. */
  #held: Buffer[] = [];
  #heldBytes = 0;
  #atStart = true;
  /** Set at the first non-ASCII byte: it throws at the first byte that is not UTF-8. */
  #utf8Check: TextDecoder | undefined;
  #decoder: iconv.DecoderStream | undefined;

  constructor(onEncoding?: (encoding: TextEncoding) => void) {
    this.#onEncoding = onEncoding;
  }

  write(bytes: Buffer): string {
    if (this.#decoder) return this.#decoder.write(bytes);
    if (this.#atStart) {
      this.#hold(bytes);
      if (this.#heldBytes < UTF8_BOM.length && UTF8_BOM.subarray(0, this.#heldBytes).equals(this.#heldBuffer())) {
        return '';
      }
      return this.#afterStart(this.#takeHeld());
    }
    return this.#utf8Check ? this.#checkWindow(bytes) : this.#passAscii(bytes);
  }

  end(): string {
    let text = this.#atStart ? this.#afterStart(this.#takeHeld()) : '';
    if (!this.#decoder) {
      // Still judging at the end of the file: all of it was seen. Plain ASCII is valid UTF-8.
      const encoding = this.#utf8Check && !completesAsUtf8(this.#utf8Check) ? 'windows-1250' : 'utf-8';
      text += this.#decide(encoding, this.#takeHeld());
    }
    return text + (this.#decoder?.end() ?? '');
  }

  #afterStart(bytes: Buffer): string {
    this.#atStart = false;
    if (bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM))
      return this.#decide('utf-8', bytes.subarray(UTF8_BOM.length));
    return this.#passAscii(bytes);
  }

  #passAscii(bytes: Buffer): string {
    const firstNonAscii = bytes.findIndex((byte) => byte >= 0x80);
    if (firstNonAscii === -1) return bytes.toString('latin1');
    this.#utf8Check = new TextDecoder('utf-8', { fatal: true });
    return bytes.toString('latin1', 0, firstNonAscii) + this.#checkWindow(bytes.subarray(firstNonAscii));
  }

  #checkWindow(bytes: Buffer): string {
    this.#hold(bytes);
    try {
      this.#utf8Check!.decode(bytes, { stream: true });
    } catch {
      return this.#decide('windows-1250', this.#takeHeld());
    }
    return this.#heldBytes >= ENCODING_WINDOW_BYTES ? this.#decide('utf-8', this.#takeHeld()) : '';
  }

  #decide(encoding: TextEncoding, bytes: Buffer): string {
    this.#onEncoding?.(encoding);
    // The byte order mark, if any, is gone already: one further on is a character of the text.
    this.#decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: false });
    return this.#decoder.write(bytes);
  }

  #hold(bytes: Buffer): void {
    this.#held.push(bytes);
    this.#heldBytes += bytes.length;
  }

  #heldBuffer(): Buffer {
    return Buffer.concat(this.#held, this.#heldBytes);
  }

  #takeHeld(): Buffer {
    const bytes = this.#heldBuffer();
    this.#held = [];
    this.#heldBytes = 0;
    return bytes;
  }
}

/** Whether the bytes the check has seen end with a whole character (the file ended: none will follow). */
function completesAsUtf8(check: TextDecoder): boolean {
  try {
    check.decode();
    return true;
  } catch {
    return false;
  }
}
