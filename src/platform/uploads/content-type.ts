// What a file is, told by its first bytes (their signatures, "magic numbers"), never by its name
// or the type the browser declared: a PNG renamed .jpg is a PNG, a PDF renamed .jpg is a PDF.
// Three signatures are all the portal accepts (an ID photo, a proof document), so they are
// written out here rather than brought in with a library that knows hundreds.

/** The content types the upload layer recognises by their bytes. */
export const RECOGNISED_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type RecognisedType = (typeof RECOGNISED_TYPES)[number];

const SIGNATURES: { type: RecognisedType; bytes: Buffer }[] = [
  // SOI followed by the first marker's FF: every JPEG (JFIF, EXIF, SPIFF, bare) starts so.
  { type: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]) },
  // The eight bytes of the PNG specification, chosen to break under any text conversion.
  { type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  // The header line of every PDF version, at the very start (readers tolerate junk before it,
  // but a file made by a scanner, a phone or a print-to-PDF never has any).
  { type: 'application/pdf', bytes: Buffer.from('%PDF-', 'latin1') },
];

/** The type the file's first bytes show, or undefined for anything else (or too few bytes). */
export function recognisedType(head: Buffer): RecognisedType | undefined {
  return SIGNATURES.find(({ bytes }) => head.length >= bytes.length && head.subarray(0, bytes.length).equals(bytes))
    ?.type;
}
