import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOf, formatMoney, MAX_TYPED_AMOUNT, parseAmount, typedAmount } from './money.ts';

const NBSP = '\u00a0';

describe('parseAmount', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    [' 0,01 ', 1],
    ['1 234,56', 123456],
    [`1${NBSP}234${NBSP}567.8`, 123456780],
    ['1\u202f000', 100000],
    ['007,00', 700],
  ])('reads %j as %i minor units', (typed, minor) => {
    expect(parseAmount(typed)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['12,345', 'tooManyDecimals'],
    ['-5', 'notPositive'],
    ['0', 'notPositive'],
    ['0,00', 'notPositive'],
    ['1e3', 'format'],
    ['12.3.4', 'format'],
    ['1,234.56', 'format'],
    ['12 34', 'format'],
    ['1  234', 'format'],
    ['12,', 'format'],
    [',50', 'format'],
    ['+5', 'format'],
    ['12 zł', 'format'],
    ['Infinity', 'format'],
    ['0x10', 'format'],
    ['100 000 000,00', 'tooLarge'],
    ['99999999999999999999', 'tooLarge'],
  ])('refuses %j (%s)', (typed, problem) => {
    expect(parseAmount(typed)).toEqual({ ok: false, problem });
  });

  it('reads back every amount as written for a person, in each language', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_TYPED_AMOUNT }), fc.constantFrom('pl', 'cs', 'en'), (minor, locale) => {
        expect(parseAmount(typedAmount(minor, locale))).toEqual({ ok: true, minor });
        // The Polish and Czech display, without its currency, reads back too.
        if (locale !== 'en') {
          const shown = formatMoney(minor, 'PLN', locale).replace(/\s*(zł|PLN)$/u, '');
          expect(parseAmount(shown)).toEqual({ ok: true, minor });
        }
      }),
    );
  });

  it('never accepts what is not digits, separators and at most two decimals', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        const parsed = parseAmount(typed);
        if (parsed.ok) {
          expect(typed.trim()).toMatch(/^[0-9 \u00a0\u202f]+([.,][0-9]{1,2})?$/);
          expect(Number.isSafeInteger(parsed.minor)).toBe(true);
          expect(parsed.minor).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'PLN', 'pl', `1${NBSP}234,56${NBSP}zł`],
    [123456, 'CZK', 'cs', `1${NBSP}234,56${NBSP}Kč`],
    [123456, 'PLN', 'en', `PLN${NBSP}1,234.56`],
    [2000, 'PLN', 'pl', `20,00${NBSP}zł`],
    [-5, 'PLN', 'pl', `-0,05${NBSP}zł`],
    [900719925474099, 'PLN', 'pl', `9${NBSP}007${NBSP}199${NBSP}254${NBSP}740,99${NBSP}zł`],
  ])('shows %i %s in %s as %j', (minor, currency, locale, shown) => {
    expect(formatMoney(minor, currency, locale)).toBe(shown);
  });

  it('writes the decimal exactly, never through a binary fraction', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (minor) => {
        const decimal = decimalOf(minor);
        expect(BigInt(decimal.replace('.', ''))).toBe(BigInt(minor));
      }),
    );
  });
});
