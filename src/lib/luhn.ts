// The Luhn check digit (ISO/IEC 7812-1, annex B), the check of card numbers (issue #22: the
// sports centre's Client Card numbers, later the city card's). From the right, every second
// digit (starting with the one left of the check digit) is doubled, a product above 9 less 9,
// and the check digit makes the sum a multiple of 10.
//
// What it guarantees, and the tests prove over random numbers: every single-digit error is
// caught (doubling mod 9 is a permutation of 0–9), and every transposition of two adjacent
// different digits is caught except 09 ↔ 90 (both pairs weigh 9). Jumps, twins and most other
// errors are not promised.

const DIGITS = /^[0-9]+$/;

/** The Luhn weight of each digit when doubled: 2d, less 9 above 9. */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9] as const;

/** The sum of the digits as Luhn weighs them, the rightmost doubled when `rightmostDoubled`. */
function weightedSum(digits: string, rightmostDoubled: boolean): number {
  let sum = 0;
  let doubled = rightmostDoubled;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    const digit = digits.charCodeAt(index) - 48;
    sum += doubled ? DOUBLED[digit]! : digit;
    doubled = !doubled;
  }
  return sum;
}

/** The check digit to append to `payload` (one or more decimal digits). */
export function luhnCheckDigit(payload: string): string {
  if (!DIGITS.test(payload)) throw new Error('a Luhn payload is decimal digits');
  return String((10 - (weightedSum(payload, true) % 10)) % 10);
}

/** Whether `number` (its check digit last) passes the Luhn check. */
export function isValidLuhn(number: string): boolean {
  return number.length >= 2 && DIGITS.test(number) && weightedSum(number, false) % 10 === 0;
}

/** The payload with its check digit appended. */
export function withLuhnCheckDigit(payload: string): string {
  return `${payload}${luhnCheckDigit(payload)}`;
}
