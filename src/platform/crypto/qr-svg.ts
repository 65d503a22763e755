// A QR code as inline SVG (views/partials/qr-code.ejs), for enrolling an authenticator app
// (totp.ts) and for a bank transfer's payment details (the Polish banks' "Standard 2D").
// Inline because the CSP allows no data: images, and an image route would serve the TOTP
// secret to anything that can load a URL. @paulmillr/qr (no dependencies) computes the
// modules; we draw them ourselves, since its own SVG is a <rect> per module, with no
// background, quiet zone of two or label: here the dark modules are one path of row runs on a
// white square, with the four-module quiet zone the standard asks for, colours as presentation
// attributes (the CSP refuses inline styles) so that the code stays dark on light whatever the
// page's theme or contrast mode.
import encodeQR, { type ErrorCorrection } from '@paulmillr/qr';

/** Modules of light margin around the code (ISO/IEC 18004 asks for four). */
export const QR_QUIET_ZONE = 4;
/** CSS pixels per module of the default size; a page's CSS may scale it. */
const PIXELS_PER_MODULE = 4;

/** A QR code as views/partials/qr-code.ejs draws it: the side in modules and the dark modules' path. */
export interface QrCode {
  /** Modules per side, the quiet zone included. */
  size: number;
  /** CSS pixels per side at the default scale. */
  pixels: number;
  /** The dark modules as one SVG path of row runs. */
  path: string;
}

/** How much of a code may be lost and still read: 'low' is about 7%, 'medium' 15%, 'quartile' 25%, 'high' 30%. */
export type QrErrorCorrection = ErrorCorrection;

/**
 * The QR code of `text`; throws when the text does not fit a QR code at all (about 2,300
 * bytes at medium). Medium error correction unless a standard asks for another: the Polish
 * banks' payment code must be 'low', which their apps expect and which keeps its modules
 * larger. The partial prints it with escaped output only, so no page needs unescaped markup
 * for it.
 */
export function qrCode(text: string, errorCorrection: QrErrorCorrection = 'medium'): QrCode {
  const modules = encodeQR(text, 'raw', { ecc: errorCorrection, border: QR_QUIET_ZONE });
  const size = modules.length;
  const runs: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < size;) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (row[x]) x += 1;
      runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  });
  return { size, pixels: size * PIXELS_PER_MODULE, path: runs.join('') };
}
