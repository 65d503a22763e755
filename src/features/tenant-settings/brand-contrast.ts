// The tenant's colours measured in every pair the portal draws them in (the portal's
// BRAND_COLOUR_PAIRS): what the branding form refuses, with the ratio it measured, and what
// its preview shows. The registry's own schema checks each colour against white only; the
// grey panels are the portal's stylesheet's business, so the form adds them here.
import { AA_TEXT_CONTRAST, contrastRatio, isHexColour } from '../../lib/contrast.ts';
import { BRAND_COLOUR_PAIRS, type BrandColourPair } from '../portal/index.ts';

export interface MeasuredPair extends BrandColourPair {
  /** The tenant's colour, #rrggbb in lower case. */
  foreground: string;
  /** The ratio as shown: cut (not rounded) to two decimals, so 4.497 never reads as 4.50. */
  ratio: number;
  passes: boolean;
}

/** The pairs whose tenant colour is a #rrggbb colour, measured; the others are not shown. */
export function measuredPairs(colours: Partial<Record<BrandColourPair['colour'], unknown>>): MeasuredPair[] {
  return BRAND_COLOUR_PAIRS.flatMap((pair) => {
    const colour = colours[pair.colour];
    if (typeof colour !== 'string' || !isHexColour(colour)) return [];
    const exact = contrastRatio(colour, pair.against);
    return [
      {
        ...pair,
        foreground: colour.toLowerCase(),
        ratio: Math.floor(exact * 100) / 100,
        passes: exact >= AA_TEXT_CONTRAST,
      },
    ];
  });
}

export { AA_TEXT_CONTRAST };
