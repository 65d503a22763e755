// Recovery codes for staff who lost their authenticator (issue #18): ten, shown once at
// enrolment, stored only as hashes; the caller marks a code's row used when it signs someone
// in, so each works once.
//
// A code is 15 characters in three groups of five ("k7m2p-x9d4h-3qwfa") from an alphabet of 31
// that leaves out the look-alikes 0/o and 1/l/i, so it can be read off paper and typed again:
// 31^15 ≈ 2^74 codes. Typed back, case, spaces and dashes do not matter.
//
// The hash is plain SHA-256, not argon2 as for passwords: a password is guessable, so its hash
// must make each guess expensive; a code is 74 random bits, so even a fast hash leaves 2^74
// guesses to whoever reads the table, and argon2 would only spend a thread's time per sign-in.
// Nor is it keyed: no guess list exists to protect against, and the rows stay checkable
// without DATA_KEY. A fixed prefix keeps these hashes apart from any other SHA-256 of ours.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 5;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;
const HASH_PREFIX = 'okienko recovery code\0';

/** A stored recovery code: SHA-256 of the normalised code, base64url (43 characters). */
export type RecoveryCodeHash = string;

export interface RecoveryCodes {
  /** To show once, in this order; never stored. */
  codes: string[];
  /** To store, hashes[i] being that of codes[i]. */
  hashes: RecoveryCodeHash[];
}

const hashOf = (normalised: string): Buffer =>
  createHash('sha256').update(HASH_PREFIX).update(normalised, 'ascii').digest();

const randomGroup = (): string =>
  Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** Ten new codes, all different, and their hashes. */
export function newRecoveryCodes(): RecoveryCodes {
  const codes = new Set<string>();
  // A repeat is a 2^-74 chance; the set only makes "ten different codes" true by construction.
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(Array.from({ length: GROUPS }, randomGroup).join('-'));
  const list = [...codes];
  return { codes: list, hashes: list.map((code) => hashOf(code.replaceAll('-', '')).toString('base64url')) };
}

/** The typed code as hashed: lower case, without spaces or dashes; undefined if it cannot be one. */
function normalise(typed: string): string | undefined {
  if (typed.length > 4 * CODE_LENGTH) return undefined;
  const code = typed.toLowerCase().replace(/[\s\p{Pd}]/gu, '');
  if (code.length !== CODE_LENGTH || [...code].some((char) => !ALPHABET.includes(char))) return undefined;
  return code;
}

/**
 * The index in storedHashes of the hash the typed code matches, or undefined. Every stored hash
 * is compared, in constant time, so the time taken says nothing of which matched. The caller
 * passes the hashes of unused codes (or checks that the one found is unused) and marks it used.
 */
export function matchRecoveryCode(typed: string, storedHashes: readonly RecoveryCodeHash[]): number | undefined {
  const code = normalise(typed);
  if (code === undefined) return undefined;
  const hash = hashOf(code);
  let found: number | undefined;
  storedHashes.forEach((stored, index) => {
    const storedBytes = Buffer.from(stored, 'base64url');
    if (storedBytes.length === hash.length && timingSafeEqual(storedBytes, hash)) found = index;
  });
  return found;
}
