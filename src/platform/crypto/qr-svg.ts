// A QR code as inline SVG, for enrolling an authenticator app (totp.ts). Inline because the
// CSP allows no data: images, and an image route would serve the TOTP secret to anything that
// can load a URL. @paulmillr/qr (no dependencies) computes the modules; we draw them ourselves,
// since its own SVG is a <rect> per module, with no background, quiet zone of two or label:
// here the dark modules are one path of row runs on a white square, with the four-module quiet
// zone the standard asks for, colours as presentation attributes (the CSP refuses inline
// styles) so that the code stays dark on light whatever the page's theme or contrast mode.
import encodeQR from '@paulmillr/qr';
import ejs from 'ejs';

/** Modules of light margin around the code (ISO/IEC 18004 asks for four). */
export const QR_QUIET_ZONE = 4;
/** CSS pixels per module of the default size; a page's CSS may scale it. */
const PIXELS_PER_MODULE = 4;

/**
 * The QR code of `text` as an <svg> element, named for assistive technology by `label` (role
 * "img", an aria-label and a <title>). Medium error correction; throws when the text does not
 * fit a QR code at all (about 2,300 bytes).
 */
export function qrSvg(text: string, label: string): string {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: QR_QUIET_ZONE });
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
  const name = ejs.escapeXML(label);
  const pixels = size * PIXELS_PER_MODULE;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${pixels}" height="${pixels}"` +
    ` role="img" aria-label="${name}" shape-rendering="crispEdges">` +
    `<title>${name}</title>` +
    `<rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path fill="#000" d="${runs.join('')}"/>` +
    `</svg>`
  );
}
