// What the check digits' tests (src/lib/luhn.test.ts, damm.test.ts) try each scheme with: the same
// 10,000 random numbers, and every single-digit error and adjacent transposition of one, so the
// two schemes are judged on the same mistakes (issue #22: a clerk mistyping a card's number).
import fc from 'fast-check';

export const RANDOM_NUMBERS = 10_000;

/** 10,000 random numbers of 2 to 19 digits (payloads of 1 to 18 with their check digit), the same in every run. */
export function randomNumbers(withCheckDigit: (payload: string) => string): string[] {
  const payload = fc.stringMatching(/^[0-9]{1,18}$/);
  return fc.sample(payload, { numRuns: RANDOM_NUMBERS, seed: 22 }).map(withCheckDigit);
}

/**
 * Every single-digit error of the numbers (each valid itself, or it is listed as passing too)
 * that the check lets pass, and how many errors were tried.
 */
export function singleDigitErrorsPassing(
  numbers: readonly string[],
  isValid: (number: string) => boolean,
): { tried: number; passing: string[] } {
  let tried = 0;
  const passing: string[] = [];
  for (const number of numbers) {
    if (!isValid(number)) passing.push(`${number} itself fails`);
    for (let at = 0; at < number.length; at += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === number[at]) continue;
        const mistyped = `${number.slice(0, at)}${digit}${number.slice(at + 1)}`;
        tried += 1;
        if (isValid(mistyped)) passing.push(`${mistyped} (from ${number})`);
      }
    }
  }
  return { tried, passing };
}

/** Every number two adjacent different digits of `number` swapped make, with the pair as typed. */
export function adjacentTranspositions(number: string): { swapped: string; pair: string }[] {
  const swaps: { swapped: string; pair: string }[] = [];
  for (let at = 0; at + 1 < number.length; at += 1) {
    const [a, b] = [number[at]!, number[at + 1]!];
    if (a !== b) swaps.push({ swapped: `${number.slice(0, at)}${b}${a}${number.slice(at + 2)}`, pair: `${a}${b}` });
  }
  return swaps;
}
