// Polish bank account numbers (NRB), for the housing e-BOK's "pay by transfer" (issue #21):
// checking the number a tenant configures, printing it as banks do, and making each premises'
// own account number from the tenant's bank scheme.
//
// An NRB is 26 digits: two check digits, the bank's eight-digit sorting code and a 16-digit
// account part. As an IBAN it is "PL" and the same 26 digits, so its check digits are IBAN's
// (ISO 13616, ISO 7064 mod 97-10): with the country code moved to the end as digits
// ("PL" is 25 21) and the check digits after it, the 30-digit number leaves 1 when divided by
// 97. That number is far past a safe integer, so the remainder is folded in a few digits at a
// time: no floating point ever sees it.

/** The digits of an NRB. */
export const NRB_LENGTH = 26;
/** Digits of the account part, which the bank hands out and a template fills in. */
export const NRB_ACCOUNT_PART_LENGTH = 16;

/** "PL" as ISO 13616 writes letters in digits: A is 10, so P is 25 and L is 21. */
const POLAND_AS_DIGITS = '2521';
/** The spaces a number may be written with, as typed or pasted from a document. */
const SPACES = /[ \u00a0\u202f]/g;
const NRB = /^[0-9]{26}$/;
/** Weights of a sorting code's first seven digits; the eighth is their check digit (NBP). */
const SORTING_CODE_WEIGHTS = [3, 9, 7, 1, 3, 9, 7] as const;
/** Seven digits at a time keep remainder × 10⁷ + chunk well inside a safe integer. */
const CHUNK = 7;

/** The remainder of a string of decimal digits, however long, divided by 97. */
function mod97(digits: string): number {
  let remainder = 0;
  for (let start = 0; start < digits.length; start += CHUNK) {
    const chunk = digits.slice(start, start + CHUNK);
    remainder = (remainder * 10 ** chunk.length + Number(chunk)) % 97;
  }
  return remainder;
}

/** The two check digits of the 24 digits after them (sorting code and account part). */
function checkDigitsOf(sortingCodeAndAccount: string): string {
  const check = 98 - mod97(`${sortingCodeAndAccount}${POLAND_AS_DIGITS}00`);
  return String(check).padStart(2, '0');
}

/**
 * The 26 digits of an NRB written with spaces anywhere and an optional leading "PL" (as an
 * IBAN is printed), or undefined when it is not one: other characters, another count of
 * digits, or check digits that do not match. Never throws.
 */
export function normaliseNrb(text: string): string | undefined {
  const digits = text.replace(SPACES, '').replace(/^PL/i, '');
  if (!NRB.test(digits)) return undefined;
  const [check, rest] = [digits.slice(0, 2), digits.slice(2)];
  return mod97(`${rest}${POLAND_AS_DIGITS}${check}`) === 1 ? digits : undefined;
}

/** Whether `text` is an NRB, as normaliseNrb reads it. Never throws. */
export function isValidNrb(text: string): boolean {
  return normaliseNrb(text) !== undefined;
}

/**
 * An NRB as banks and statements print it: the check digits, then groups of four
 * ("61 1090 1014 0000 0712 1981 2874"). Takes anything normaliseNrb accepts, and throws a
 * RangeError for anything else, since a page must never print a wrong number as if it were one.
 */
export function formatNrb(nrb: string): string {
  const digits = normaliseNrb(nrb);
  if (digits === undefined) throw new RangeError('not a valid NRB');
  return [digits.slice(0, 2), ...digits.slice(2).match(/[0-9]{4}/g)!].join(' ');
}

/**
 * A tenant's scheme of individual accounts, as its bank gives it: every premises pays into
 * an account of the same bank whose account part is a fixed prefix and then the premises'
 * number.
 */
export interface NrbTemplate {
  /** The bank's eight-digit sorting code, its own check digit last. */
  sortingCode: string;
  /** The account part's fixed start, 0–15 digits; the sequence fills the rest. */
  prefix: string;
}

/** Whether the last of eight digits is the check digit of the first seven (NBP's rule). */
export function isSortingCode(code: string): boolean {
  if (!/^[0-9]{8}$/.test(code)) return false;
  const sum = SORTING_CODE_WEIGHTS.reduce((total, weight, i) => total + weight * Number(code[i]), 0);
  return (10 - (sum % 10)) % 10 === Number(code[7]);
}

/**
 * The individual NRB number `sequence` of a template: the prefix, the sequence zero-padded
 * to fill the 16-digit account part, and check digits computed. The sorting code's own check
 * digit is checked too: the NRB's check digits are computed here, so they would vouch for a
 * mistyped sorting code and every premises would be sent to pay into an account that does
 * not exist. Throws a RangeError for a malformed template or a sequence that is not a
 * non-negative integer or has more digits than the prefix leaves.
 */
export function nrbFromTemplate(template: NrbTemplate, sequence: number): string {
  const { sortingCode, prefix } = template;
  if (!isSortingCode(sortingCode)) {
    throw new RangeError(`the sorting code must be eight digits ending in their check digit: ${sortingCode}`);
  }
  if (!/^[0-9]{0,15}$/.test(prefix)) throw new RangeError(`the prefix must be 0–15 digits: ${prefix}`);
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new RangeError(`the sequence must be a non-negative integer: ${sequence}`);
  }
  const room = NRB_ACCOUNT_PART_LENGTH - prefix.length;
  const number = String(sequence);
  if (number.length > room) {
    throw new RangeError(`sequence ${number} does not fit the ${room} digits left after the prefix "${prefix}"`);
  }
  const rest = `${sortingCode}${prefix}${number.padStart(room, '0')}`;
  return `${checkDigitsOf(rest)}${rest}`;
}
