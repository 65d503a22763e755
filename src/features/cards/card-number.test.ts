import { describe, expect, it } from 'vitest';
import { isValidDamm } from '../../lib/damm.ts';
import { isValidLuhn } from '../../lib/luhn.ts';
import { cardNumber, typedCardNumber } from './card-number.ts';

const LUHN_TYPE = { numberPrefix: '7701', numberLength: 12, checkDigit: 'luhn' } as const;
const DAMM_TYPE = { ...LUHN_TYPE, checkDigit: 'damm' } as const;

describe('cardNumber', () => {
  it('is the prefix, the serial padded and a check digit in the type’s scheme', () => {
    const luhn = cardNumber(LUHN_TYPE, 42)!;
    expect(luhn).toHaveLength(12);
    expect(luhn.slice(0, 11)).toBe('77010000042');
    expect(isValidLuhn(luhn)).toBe(true);
    const damm = cardNumber(DAMM_TYPE, 42)!;
    expect(damm.slice(0, 11)).toBe('77010000042');
    expect(isValidDamm(damm)).toBe(true);
    // The schemes differ on this one, so each number is its scheme's and not the other's.
    expect(damm).not.toBe(luhn);
    expect([isValidDamm(luhn), isValidLuhn(damm)]).toEqual([false, false]);
  });

  it('has no number once the serial outgrows the format', () => {
    for (const type of [LUHN_TYPE, DAMM_TYPE]) {
      expect(cardNumber(type, 9_999_999)).toHaveLength(12);
      expect(cardNumber(type, 10_000_000)).toBeUndefined();
      expect(cardNumber(type, 0)).toBeUndefined();
    }
  });
});

describe('typedCardNumber', () => {
  it('takes a number valid in either scheme however it is spaced, and refuses one valid in neither', () => {
    for (const type of [LUHN_TYPE, DAMM_TYPE]) {
      const number = cardNumber(type, 42)!;
      expect(typedCardNumber(`${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8)}`)).toBe(number);
    }
    const payload = '77010000042';
    const neither = [...'0123456789']
      .map((digit) => `${payload}${digit}`)
      .filter((number) => !isValidLuhn(number) && !isValidDamm(number));
    expect(neither).toHaveLength(8);
    for (const mistyped of neither) expect(typedCardNumber(mistyped)).toBeUndefined();
    expect(typedCardNumber('1234567')).toBeUndefined();
  });
});
