import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOfThousandths, MAX_TYPED_THOUSANDTHS, parseThousandths } from './quantity.ts';

describe('parseThousandths', () => {
  it.each([
    ['142,35', 142_350],
    ['142.350', 142_350],
    ['1,234', 1_234],
    ['0', 0],
    ['0,000', 0],
    [' 7 ', 7_000],
    ['1 234,5', 1_234_500],
    ['1\u00a0000\u202f000', 1_000_000_000],
    ['007,1', 7_100],
    ['999 999 999,999', MAX_TYPED_THOUSANDTHS],
  ])('reads %j as %i thousandths', (typed, thousandths) => {
    expect(parseThousandths(typed)).toEqual({ ok: true, thousandths });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['-1', 'negative'],
    ['−1', 'negative'],
    ['1,2345', 'tooManyDecimals'],
    ['1e3', 'format'],
    ['1.2.3', 'format'],
    ['12,', 'format'],
    ['1,234.5', 'format'],
    ['12 34', 'format'],
    ['+5', 'format'],
    ['1000000000', 'tooLarge'],
  ])('refuses %j: %s', (typed, problem) => {
    expect(parseThousandths(typed)).toEqual({ ok: false, problem });
  });

  it('reads back what decimalOfThousandths writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TYPED_THOUSANDTHS }), (thousandths) => {
        expect(parseThousandths(decimalOfThousandths(thousandths))).toEqual({ ok: true, thousandths });
      }),
    );
  });
});

describe('decimalOfThousandths', () => {
  it.each([
    [0, '0.000'],
    [5, '0.005'],
    [142_350, '142.350'],
  ])('writes %i as %s', (thousandths, decimal) => {
    expect(decimalOfThousandths(thousandths)).toBe(decimal);
  });

  it('refuses what is no quantity', () => {
    expect(() => decimalOfThousandths(-1)).toThrow();
    expect(() => decimalOfThousandths(1.5)).toThrow();
  });
});
