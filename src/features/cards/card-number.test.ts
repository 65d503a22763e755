import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../lib/luhn.ts';
import { cardNumber, typedCardNumber } from './card-number.ts';

describe('cardNumber', () => {
  const type = { numberPrefix: '7701', numberLength: 12 };

  it('is the prefix, the serial padded and a check digit', () => {
    const number = cardNumber(type, 42)!;
    expect(number).toHaveLength(12);
    expect(number.slice(0, 11)).toBe('77010000042');
    expect(isValidLuhn(number)).toBe(true);
  });

  it('has no number once the serial outgrows the format', () => {
    expect(cardNumber(type, 9_999_999)).toHaveLength(12);
    expect(cardNumber(type, 10_000_000)).toBeUndefined();
    expect(cardNumber(type, 0)).toBeUndefined();
  });
});

describe('typedCardNumber', () => {
  it('takes a valid number however it is spaced, and refuses a mistyped one', () => {
    const number = cardNumber({ numberPrefix: '7701', numberLength: 12 }, 42)!;
    expect(typedCardNumber(`${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8)}`)).toBe(number);
    const mistyped = `${number.slice(0, 11)}${(Number(number[11]) + 1) % 10}`;
    expect(typedCardNumber(mistyped)).toBeUndefined();
    expect(typedCardNumber('1234567')).toBeUndefined();
  });
});
