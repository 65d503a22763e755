import { describe, expect, it } from 'vitest';
import { AA_TEXT_CONTRAST, contrastRatio, isHexColour } from './contrast.ts';

describe('contrastRatio', () => {
  it('gives 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1a5fb4', '#1a5fb4')).toBeCloseTo(1, 5);
  });

  it('is symmetric and matches published WCAG figures', () => {
    // #767676 on white is the well-known lightest grey that still passes AA (4.54:1).
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#ffffff', '#767676')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA_TEXT_CONTRAST);
  });

  it('rejects anything that is not #rrggbb', () => {
    expect(isHexColour('#abc')).toBe(false);
    expect(isHexColour('red')).toBe(false);
    expect(() => contrastRatio('url(x)', '#ffffff')).toThrow();
  });
});
