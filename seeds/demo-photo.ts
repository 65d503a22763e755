// A demo ID photo for the seeded city card applications (issue #23): a drawn head and shoulders
// on a light background, 35:45 and large enough for the card's rules, rendered by sharp from SVG
// and normalised as an uploaded photo is, so no picture of a real person is shipped and the review
// page has something to show.
import sharp from 'sharp';
import { normaliseIdPhoto } from '../src/platform/images/id-photo.ts';

/** The stored JPEG of a drawn 420 × 540 photo; `tint` colours the shirt, so two demo photos differ. */
export async function demoIdPhoto(tint: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="540" viewBox="0 0 420 540">
    <rect width="420" height="540" fill="#eef1f4"/>
    <ellipse cx="210" cy="215" rx="92" ry="118" fill="#d9a88a"/>
    <path d="M118 190 Q120 80 210 80 Q300 80 302 190 Q290 120 210 118 Q130 120 118 190 Z" fill="#5a3c28"/>
    <path d="M40 540 Q50 380 210 360 Q370 380 380 540 Z" fill="${tint}"/>
  </svg>`;
  const normalised = await normaliseIdPhoto(await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer());
  if (normalised.kind !== 'normalised') throw new Error(`the demo photo breaks a rule: ${normalised.kind}`);
  return normalised.jpeg;
}
