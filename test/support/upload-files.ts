// Real files for the upload tests, made in the test: photos written by sharp (with EXIF, GPS,
// XMP and an ICC profile where asked), a minimal PDF as a PDF writer lays one out, and a PNG
// that declares a vast size in its header and carries almost nothing; and the e-card's two
// upload purposes (issue #23) as its feature will declare them.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ID_PHOTO } from '../../src/platform/images/id-photo.ts';
import { defineUploadPurpose } from '../../src/platform/uploads/upload-purpose.ts';

/** The e-card's photo: JPEG or PNG by its bytes, 5 MB at most. */
export const photoPurpose = (name: string) =>
  defineUploadPurpose({ name, maxBytes: ID_PHOTO.maxBytes, keepForMs: 60_000, accepts: ID_PHOTO.accepts });

/** The e-card's proof document: PDF, JPEG or PNG by its bytes, 10 MB at most. */
export const proofDocumentPurpose = (name: string) =>
  defineUploadPurpose({
    name,
    maxBytes: 10 * 1024 * 1024,
    keepForMs: 60_000,
    accepts: ['application/pdf', 'image/jpeg', 'image/png'],
  });

export const RED = '#ff0000';
export const BLUE = '#0000ff';

export interface PhotoOptions {
  width: number;
  height: number;
  format?: 'jpeg' | 'png';
}

/** A photo of one colour, as a camera or an editor writes it. */
export function photo({ width, height, format = 'jpeg' }: PhotoOptions): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: '#c8a07a' } });
  return (format === 'jpeg' ? image.jpeg() : image.png()).toBuffer();
}

/**
 * A phone's portrait photo as it stores it: the pixels on their side (width and height swapped),
 * red on the left and blue on the right, with EXIF orientation 6 (turn 90° clockwise to show,
 * which brings red to the top), the GPS position of Kraków's market square, the camera's make,
 * an XMP packet with the position again, and a Display P3 ICC profile.
 */
export function phonePhotoOnItsSide({ shownWidth, shownHeight }: { shownWidth: number; shownHeight: number }) {
  const [storedWidth, storedHeight] = [shownHeight, shownWidth];
  const leftHalf = { width: Math.floor(storedWidth / 2), height: storedHeight, channels: 3 as const, background: RED };
  return sharp({ create: { width: storedWidth, height: storedHeight, channels: 3, background: BLUE } })
    .composite([{ input: { create: leftHalf }, left: 0, top: 0 }])
    .jpeg()
    .withExif({
      IFD0: { Make: 'Okienko Phone', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 3/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '19/1 56/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="50,3.0N"/></rdf:RDF></x:xmpmeta>',
    )
    .toBuffer();
}

/** The tags of an EXIF block's first directory (IFD0), as sharp's metadata gives the block. */
export function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd0 = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  return Array.from({ length: u16(ifd0) }, (_, index) => u16(ifd0 + 2 + index * 12));
}

/** The IFD0 tag that points at the GPS directory. */
export const GPS_IFD_TAG = 0x8825;

/** A one-page PDF as a writer lays it out: header, objects, cross-reference table, trailer. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A PNG whose header says width × height and whose data is one empty row: a decompression bomb's shape. */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, no filter, not interlaced
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The file padded to exactly `size` bytes after its end (readers stop at a JPEG's EOI, a PDF's %%EOF). */
export function paddedTo(file: Buffer, size: number): Buffer {
  return Buffer.concat([file, Buffer.alloc(size - file.length, 0x20)]);
}
