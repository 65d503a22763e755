// A photo for an ID card (the e-card's, issue #23): checked against the rules a form can name
// one by one, then normalised before it is stored. The rules are the card's: 35:45 like a
// passport photo (within 5 %), at least 300 × 386 pixels, at most 5 MB, JPEG or PNG by its
// bytes. Sizes are read as the photo is shown, after its EXIF orientation: a phone's portrait
// photo is often stored on its side with a tag that says so.
//
// What is stored is never the file as sent: the normaliser turns it upright, converts it to
// sRGB and writes it again as a JPEG within 600 × 771 pixels, without any of its metadata (the
// EXIF with its GPS position, camera and time, XMP, IPTC, the ICC profile, PNG text), so the
// card shows what the person saw and keeps nothing of where or with what it was taken.
import sharp from 'sharp';
import { recognisedType, type RecognisedType } from '../uploads/content-type.ts';

export const ID_PHOTO = Object.freeze({
  /** For the upload purpose's maxBytes: the layer refuses one byte more as it arrives (413). */
  maxBytes: 5 * 1024 * 1024,
  /** For the upload purpose's accepts. */
  accepts: Object.freeze(['image/jpeg', 'image/png'] as const satisfies readonly RecognisedType[]),
  minWidth: 300,
  minHeight: 386,
  /** Width to height, 35:45, and how far a photo may be from it (a fraction of it). */
  ratio: 35 / 45,
  ratioTolerance: 0.05,
  /**
   * Pixels at most (64 megapixels, a phone's largest photo and more): a PNG of one colour packs
   * a vast image into a few kilobytes, which decoding would unpack into gigabytes.
   */
  maxPixels: 64_000_000,
  /** What the stored photo fits within: twice a card's print size at 300 dpi is no more. */
  storedWidth: 600,
  storedHeight: 771,
  /** JPEG quality of the stored photo: a face without visible blocks, some 60 kB. */
  quality: 85,
});

/** Why a photo was refused, each with what a form needs to say so. */
export type IdPhotoRefusal =
  /** Not a JPEG or PNG by its bytes (a PDF, a HEIC, a renamed file), or not a whole one. */
  | { kind: 'notAnImage' }
  /** More bytes, or more pixels, than a photo may have. */
  | { kind: 'tooLarge'; limit: 'bytes' | 'pixels' }
  /** Fewer pixels than the card needs, as shown (after its orientation). */
  | { kind: 'tooSmall'; width: number; height: number }
  /** Not 35:45 within 5 %: the measured width to height, e.g. 1.333 for a 4:3 landscape photo. */
  | { kind: 'wrongProportions'; ratio: number };

export type IdPhotoCheck = IdPhotoRefusal | { kind: 'fits'; width: number; height: number };

export type NormalisedIdPhoto =
  IdPhotoRefusal | { kind: 'normalised'; jpeg: Buffer; mediaType: 'image/jpeg'; width: number; height: number };

/** sharp's reading of untrusted bytes: pixels limited, a damaged or truncated file refused. */
const readOptions = { limitInputPixels: ID_PHOTO.maxPixels, failOn: 'error' } as const;

/** The ID-photo rules on the photo's header (nothing is decoded): the first one it breaks. */
export async function checkIdPhoto(bytes: Buffer): Promise<IdPhotoCheck> {
  if (bytes.length > ID_PHOTO.maxBytes) return { kind: 'tooLarge', limit: 'bytes' };
  const type = recognisedType(bytes);
  if (!ID_PHOTO.accepts.some((accepted) => accepted === type)) return { kind: 'notAnImage' };
  let shown: { width: number; height: number };
  try {
    const metadata = await sharp(bytes, { ...readOptions, limitInputPixels: false }).metadata();
    // The bytes' signature and the decoder must agree: sharp would read many formats more.
    if (`image/${metadata.format}` !== type) return { kind: 'notAnImage' };
    if (metadata.width * metadata.height > ID_PHOTO.maxPixels) return { kind: 'tooLarge', limit: 'pixels' };
    shown = metadata.autoOrient;
  } catch {
    return { kind: 'notAnImage' };
  }
  const { width, height } = shown;
  if (width < ID_PHOTO.minWidth || height < ID_PHOTO.minHeight) return { kind: 'tooSmall', width, height };
  const ratio = width / height;
  if (Math.abs(ratio / ID_PHOTO.ratio - 1) > ID_PHOTO.ratioTolerance) return { kind: 'wrongProportions', ratio };
  return { kind: 'fits', width, height };
}

/**
 * The photo as it is to be stored: checked (checkIdPhoto), then upright, sRGB, within
 * 600 × 771 (never enlarged), on white where it was transparent, a JPEG without metadata.
 * A file whose header passes but whose pixels cannot be read whole is notAnImage.
 */
export async function normaliseIdPhoto(bytes: Buffer): Promise<NormalisedIdPhoto> {
  const check = await checkIdPhoto(bytes);
  if (check.kind !== 'fits') return check;
  try {
    const { data, info } = await sharp(bytes, { ...readOptions, autoOrient: true })
      .resize({
        width: ID_PHOTO.storedWidth,
        height: ID_PHOTO.storedHeight,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      // sharp writes no metadata unless asked (keepMetadata, withExif…), and converts to sRGB.
      .jpeg({ quality: ID_PHOTO.quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { kind: 'normalised', jpeg: data, mediaType: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    return { kind: 'notAnImage' };
  }
}
