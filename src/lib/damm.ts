// The Damm check digit (H. M. Damm, 2004), a card type's other choice of check (issue #22): one
// digit, like Luhn's, that catches what Luhn lets through. Each digit moves an interim value
// through the order-10 totally anti-symmetric quasigroup below (the table Damm published, as
// Wikipedia and most implementations print it); the check digit is the interim value after the
// payload, and a number is valid when its interim value ends at 0 (the table's diagonal is 0).
//
// What it guarantees, and the tests prove over random numbers: every single-digit error is caught
// (each row and column is a permutation of 0–9), and every transposition of two adjacent
// different digits is caught, the check digit's own place included and 09 ↔ 90 too (total
// anti-symmetry: (c·x)·y = (c·y)·x only when x = y). Like Luhn's, a number with zeros put in
// front is valid as well; numbers of a fixed length (a card type's) never meet that.

const DIGITS = /^[0-9]+$/;

/** The quasigroup: row the interim value, column the digit (exported for its test). */
export const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The interim value after `digits` (decimal digits only). */
function interim(digits: string): number {
  let value = 0;
  for (let index = 0; index < digits.length; index += 1) value = DAMM_TABLE[value]![digits.charCodeAt(index) - 48]!;
  return value;
}

/** The check digit to append to `payload` (one or more decimal digits). */
export function dammCheckDigit(payload: string): string {
  if (!DIGITS.test(payload)) throw new Error('a Damm payload is decimal digits');
  return String(interim(payload));
}

/** Whether `number` (its check digit last) passes the Damm check. */
export function isValidDamm(number: string): boolean {
  return number.length >= 2 && DIGITS.test(number) && interim(number) === 0;
}

/** The payload with its check digit appended. */
export function withDammCheckDigit(payload: string): string {
  return `${payload}${dammCheckDigit(payload)}`;
}
