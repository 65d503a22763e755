// The three signatures, on files as sharp and a PDF writer make them, and on what only looks
// like one: a name, a declared type or a signature further in say nothing.
import { describe, expect, it } from 'vitest';
import { minimalPdf, photo } from '../../../test/support/upload-files.ts';
import { recognisedType } from './content-type.ts';

describe('recognising a file by its bytes', () => {
  it('knows a JPEG, a PNG and a PDF from their first bytes', async () => {
    expect(recognisedType(await photo({ width: 8, height: 8 }))).toBe('image/jpeg');
    expect(recognisedType(await photo({ width: 8, height: 8, format: 'png' }))).toBe('image/png');
    expect(recognisedType(minimalPdf())).toBe('application/pdf');
  });

  it('knows nothing else, nor a signature cut short or further in', async () => {
    const png = await photo({ width: 8, height: 8, format: 'png' });
    for (const head of [
      Buffer.alloc(0),
      Buffer.from('id;kwota\r\n'),
      Buffer.from('GIF89a'),
      Buffer.from('RIFF\0\0\0\0WEBPVP8 '),
      png.subarray(0, 7),
      Buffer.from([0xff, 0xd8]),
      Buffer.concat([Buffer.from('\n'), minimalPdf()]),
      Buffer.from('%PDF'),
    ]) {
      expect(recognisedType(head), head.toString('latin1')).toBeUndefined();
    }
  });
});
