import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneKey } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['601 234 567', '601234567'],
    ['+48 601-234-567', '+48601234567'],
    ['0048 (601) 234 567', '+48601234567'],
    ['+420 777.123.456', '+420777123456'],
    ['22/123 45 67', '221234567'],
  ])('keeps %s as %s', (typed, kept) => {
    expect(normalisePhone(typed)).toBe(kept);
  });

  it.each(['', '12345678', '+48 601 234 56a', '1234567890123456', '++48601234567', '601+234567', 'abc'])(
    'refuses %j',
    (typed) => {
      expect(normalisePhone(typed)).toBeUndefined();
    },
  );

  it('finds the same number with or without its country code or separators', () => {
    fc.assert(
      // A Polish or Czech national number never begins with 0 (a leading 00 is the international prefix).
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{8}$/),
        fc.constantFrom('', '+48', '0048', '+420'),
        (national, prefix) => {
          const spaced = national.replace(/(...)(...)(...)/, '$1 $2 $3');
          expect(phoneKey(normalisePhone(prefix + spaced)!)).toBe(national);
        },
      ),
    );
  });
});
