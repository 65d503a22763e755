import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodedText, ENCODING_WINDOW_BYTES, type TextEncoding } from './text-encoding.ts';

const POLISH = 'Zażółć gęślą jaźń: ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ „cudzysłów” – 1 234,56 zł';

async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function decode(bytes: Buffer, chunkSize = 64 * 1024): Promise<{ text: string; encoding?: TextEncoding }> {
  let encoding: TextEncoding | undefined;
  let text = '';
  for await (const part of decodedText(inChunks(bytes, chunkSize), (judged) => (encoding = judged))) text += part;
  return { text, encoding };
}

describe('decodedText', () => {
  it('reads UTF-8 without a byte order mark', async () => {
    expect(await decode(Buffer.from(POLISH))).toEqual({ text: POLISH, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a byte order mark, and drops the mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLISH)]);
    expect(await decode(bytes)).toEqual({ text: POLISH, encoding: 'utf-8' });
  });

  it('reads windows-1250', async () => {
    expect(await decode(iconv.encode(POLISH, 'windows1250'))).toEqual({ text: POLISH, encoding: 'windows-1250' });
  });

  it.each([1, 2, 3, 5, 7])('reads the same when the bytes come %i at a time', async (size) => {
    const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLISH)]);
    expect(await decode(withMark, size)).toEqual({ text: POLISH, encoding: 'utf-8' });
    expect(await decode(Buffer.from(POLISH), size)).toEqual({ text: POLISH, encoding: 'utf-8' });
    expect(await decode(iconv.encode(POLISH, 'windows1250'), size)).toEqual({
      text: POLISH,
      encoding: 'windows-1250',
    });
  });

  it('is not fooled by windows-1250 letters that pair up as a UTF-8 character', async () => {
    // Ó Ł is D3 A3 in windows-1250: on its own, valid UTF-8 (U+04E3).
    const text = 'SPÓŁDZIELNIA MIESZKANIOWA;opłata za styczeń\n';
    for (const size of [1, 2, 64 * 1024]) {
      expect(await decode(iconv.encode(text, 'windows1250'), size)).toEqual({ text, encoding: 'windows-1250' });
    }
  });

  it('keeps judging past a long start of plain ASCII', async () => {
    const ascii = 'NK/2026/0001;M-12;oplata\n'.repeat(Math.ceil((2 * ENCODING_WINDOW_BYTES) / 24));
    const text = `${ascii}WB/2026/0001;M-12;wpłata\n`;
    expect(await decode(iconv.encode(text, 'windows1250'))).toEqual({ text, encoding: 'windows-1250' });
    expect(await decode(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
  });

  it('calls a file of plain ASCII UTF-8, which it is', async () => {
    expect(await decode(Buffer.from('external_id;premises\n'))).toEqual({
      text: 'external_id;premises\n',
      encoding: 'utf-8',
    });
  });

  it('reads bytes that are not UTF-8 after the window of a UTF-8 file as U+FFFD', async () => {
    const utf8 = Buffer.from('ł'.repeat(ENCODING_WINDOW_BYTES));
    const bytes = Buffer.concat([utf8, iconv.encode(';wpłata', 'windows1250')]);
    const { text, encoding } = await decode(bytes);
    expect(encoding).toBe('utf-8');
    expect(text.slice(-7)).toBe(';wp\ufffdata');
  });

  it('judges a file cut inside a UTF-8 character as windows-1250', async () => {
    const bytes = Buffer.from('abcą').subarray(0, 4);
    expect(await decode(bytes)).toEqual({ text: 'abcÄ', encoding: 'windows-1250' });
  });

  it('reads an empty file as no text', async () => {
    expect(await decode(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });
});
