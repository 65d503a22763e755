// The ID-photo rules on real images made by sharp: each refusal with what a form needs to say
// it, read as the photo is shown (after its EXIF orientation); and the normaliser, whose JPEG
// is upright and carries none of what the phone wrote into the file (EXIF with GPS, XMP, ICC).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  exifIfd0Tags,
  GPS_IFD_TAG,
  minimalPdf,
  paddedTo,
  phonePhotoOnItsSide,
  photo,
  pngDeclaring,
} from '../../../test/support/upload-files.ts';
import { checkIdPhoto, ID_PHOTO, normaliseIdPhoto } from './id-photo.ts';

/** The colour of the pixel at (x, y) of a JPEG or PNG, as [r, g, b]. */
async function pixelAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

const near = (colour: number[], expected: number[]) =>
  colour.every((value, index) => Math.abs(value - expected[index]!) <= 8);

describe('the ID-photo check', () => {
  it('takes a JPEG or a PNG of 35:45 and at least 300 × 386 pixels', async () => {
    expect(await checkIdPhoto(await photo({ width: 350, height: 450 }))).toEqual({
      kind: 'fits',
      width: 350,
      height: 450,
    });
    expect(await checkIdPhoto(await photo({ width: 300, height: 386, format: 'png' }))).toEqual({
      kind: 'fits',
      width: 300,
      height: 386,
    });
  });

  it('refuses other proportions than 35:45 within 5 %, saying the ratio it measured', async () => {
    // 35:45 is 0.778 wide to 1 high; 5 % either way is 0.739 to 0.817.
    for (const width of [333, 367]) {
      expect(await checkIdPhoto(await photo({ width, height: 450 }))).toMatchObject({ kind: 'fits' });
    }
    for (const width of [332, 368]) {
      expect(await checkIdPhoto(await photo({ width, height: 450 }))).toEqual({
        kind: 'wrongProportions',
        ratio: width / 450,
      });
    }
    const landscape = await checkIdPhoto(await photo({ width: 800, height: 600 }));
    expect(landscape).toEqual({ kind: 'wrongProportions', ratio: 800 / 600 });
  });

  it('refuses a photo smaller than 300 × 386, saying its size', async () => {
    expect(await checkIdPhoto(await photo({ width: 299, height: 386 }))).toEqual({
      kind: 'tooSmall',
      width: 299,
      height: 386,
    });
    expect(await checkIdPhoto(await photo({ width: 300, height: 385, format: 'png' }))).toEqual({
      kind: 'tooSmall',
      width: 300,
      height: 385,
    });
  });

  it('refuses what is not a JPEG or PNG by its bytes, or not a readable one', async () => {
    const webp = await sharp({ create: { width: 350, height: 450, channels: 3, background: '#808080' } })
      .webp()
      .toBuffer();
    const jpegStartThenNoise = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    for (const bytes of [minimalPdf(), webp, jpegStartThenNoise, Buffer.from('Zdjęcie'), Buffer.alloc(0)]) {
      expect(await checkIdPhoto(bytes)).toEqual({ kind: 'notAnImage' });
    }
  });

  it('refuses more than 5 MB, and more than 64 megapixels however few bytes carry them', async () => {
    const jpeg = await photo({ width: 350, height: 450 });
    expect(await checkIdPhoto(paddedTo(jpeg, ID_PHOTO.maxBytes))).toMatchObject({ kind: 'fits' });
    expect(await checkIdPhoto(paddedTo(jpeg, ID_PHOTO.maxBytes + 1))).toEqual({ kind: 'tooLarge', limit: 'bytes' });
    // 35:45 and 128 megapixels, in a few hundred bytes.
    const bomb = pngDeclaring(10_000, 12_858);
    expect(bomb.length).toBeLessThan(1024);
    expect(await checkIdPhoto(bomb)).toEqual({ kind: 'tooLarge', limit: 'pixels' });
    expect(await normaliseIdPhoto(bomb)).toEqual({ kind: 'tooLarge', limit: 'pixels' });
  });

  it('measures a photo as shown: a portrait stored on its side with its orientation fits', async () => {
    const sideways = await phonePhotoOnItsSide({ shownWidth: 700, shownHeight: 900 });
    const stored = await sharp(sideways).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([900, 700, 6]);
    expect(await checkIdPhoto(sideways)).toEqual({ kind: 'fits', width: 700, height: 900 });
    // The same pixels without the orientation are a landscape photo.
    const withoutOrientation = await sharp(sideways).jpeg().toBuffer();
    expect(await checkIdPhoto(withoutOrientation)).toEqual({ kind: 'wrongProportions', ratio: 900 / 700 });
  });
});

describe('the ID-photo normaliser', () => {
  it('turns a phone photo upright and keeps none of its EXIF, GPS, XMP or ICC profile', async () => {
    const sent = await phonePhotoOnItsSide({ shownWidth: 350, shownHeight: 450 });
    // What the phone wrote is there to be removed.
    const before = await sharp(sent).metadata();
    expect(exifIfd0Tags(before.exif!)).toContain(GPS_IFD_TAG);
    expect(before.xmpAsString).toContain('GPSLatitude');
    expect(before.hasProfile).toBe(true);

    const normalised = await normaliseIdPhoto(sent);
    if (normalised.kind !== 'normalised') throw new Error(`refused: ${normalised.kind}`);
    const after = await sharp(normalised.jpeg).metadata();
    expect({ format: after.format, width: after.width, height: after.height }).toEqual({
      format: 'jpeg',
      width: 350,
      height: 450,
    });
    expect([normalised.mediaType, normalised.width, normalised.height]).toEqual(['image/jpeg', 350, 450]);
    expect(after).toMatchObject({ hasProfile: false, space: 'srgb' });
    for (const field of ['orientation', 'exif', 'xmp', 'iptc', 'icc', 'comments'] as const) {
      expect(after[field], field).toBeUndefined();
    }
    // Nor in the bytes, whatever a reader makes of them: no EXIF, XMP or ICC segment, no GPS tag.
    const latin1 = normalised.jpeg.toString('latin1');
    for (const marker of ['Exif\0\0', 'http://ns.adobe.com/xap/1.0/', 'ICC_PROFILE', 'GPS', 'Okienko Phone']) {
      expect(latin1, marker).not.toContain(marker);
    }
    // Upright: the stored left (red) is the top, its right (blue) the bottom.
    expect(near(await pixelAt(normalised.jpeg, 175, 20), [255, 0, 0])).toBe(true);
    expect(near(await pixelAt(normalised.jpeg, 175, 430), [0, 0, 255])).toBe(true);
  });

  it('makes a large photo fit within 600 × 771, and never enlarges a small one', async () => {
    const large = await normaliseIdPhoto(await photo({ width: 1400, height: 1800 }));
    expect(large).toMatchObject({ kind: 'normalised', width: 600, height: 771 });
    const small = await normaliseIdPhoto(await photo({ width: 300, height: 386, format: 'png' }));
    expect(small).toMatchObject({ kind: 'normalised', width: 300, height: 386, mediaType: 'image/jpeg' });
  });

  it('puts a transparent PNG on white', async () => {
    const transparent = await sharp({
      create: { width: 350, height: 450, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const normalised = await normaliseIdPhoto(transparent);
    if (normalised.kind !== 'normalised') throw new Error(`refused: ${normalised.kind}`);
    expect(near(await pixelAt(normalised.jpeg, 10, 10), [255, 255, 255])).toBe(true);
  });

  it('refuses a file whose header passes but whose pixels are cut off', async () => {
    const whole = await phonePhotoOnItsSide({ shownWidth: 350, shownHeight: 450 });
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    expect(await checkIdPhoto(truncated)).toMatchObject({ kind: 'fits' });
    expect(await normaliseIdPhoto(truncated)).toEqual({ kind: 'notAnImage' });
  });

  it('gives the refusal of the check, not a photo, for a photo that breaks a rule', async () => {
    expect(await normaliseIdPhoto(await photo({ width: 800, height: 600 }))).toEqual({
      kind: 'wrongProportions',
      ratio: 800 / 600,
    });
    expect(await normaliseIdPhoto(minimalPdf())).toEqual({ kind: 'notAnImage' });
  });
});
