import { describe, expect, it } from 'vitest';
import {
  adjacentTranspositions,
  RANDOM_NUMBERS,
  randomNumbers,
  singleDigitErrorsPassing,
} from '../../test/support/check-digits.ts';
import { isValidLuhn, luhnCheckDigit, withLuhnCheckDigit } from './luhn.ts';

describe('the Luhn check digit', () => {
  it('agrees with published numbers', () => {
    // ISO/IEC 7812's example, and test card numbers the card schemes publish.
    expect(luhnCheckDigit('7992739871')).toBe('3');
    for (const number of ['79927398713', '4111111111111111', '5555555555554444', '378282246310005']) {
      expect(isValidLuhn(number)).toBe(true);
    }
    expect(isValidLuhn('79927398710')).toBe(false);
  });

  it('refuses what is no number', () => {
    for (const text of ['', '0', '12a4', ' 79927398713', '7992-7398713']) expect(isValidLuhn(text)).toBe(false);
    expect(() => luhnCheckDigit('')).toThrow();
    expect(() => luhnCheckDigit('12 3')).toThrow();
  });

  const numbers = randomNumbers(withLuhnCheckDigit);

  it('catches every single-digit error in 10,000 random numbers', () => {
    const { tried, passing } = singleDigitErrorsPassing(numbers, isValidLuhn);
    expect(passing).toEqual([]);
    expect(tried).toBeGreaterThan(RANDOM_NUMBERS * 9);
  });

  it('catches every adjacent transposition in 10,000 random numbers, but 09 and 90, which it cannot', () => {
    let caught = 0;
    let missed = 0;
    for (const number of numbers) {
      for (const { swapped, pair } of adjacentTranspositions(number)) {
        if (pair === '09' || pair === '90') {
          // Luhn's known blind spot: 0 and 9 weigh 0 and 9 whether doubled or not.
          expect(isValidLuhn(swapped), swapped).toBe(true);
          missed += 1;
        } else {
          if (isValidLuhn(swapped)) expect.fail(`${swapped} (from ${number}) passes`);
          caught += 1;
        }
      }
    }
    // Both kinds occurred, so neither branch is a test that cannot fail.
    expect(caught).toBeGreaterThan(RANDOM_NUMBERS);
    expect(missed).toBeGreaterThan(0);
  });
});
