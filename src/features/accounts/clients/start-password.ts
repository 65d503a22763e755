// The start password a clerk hands over on paper (issue #19): read off a sheet and typed once,
// then changed at the first sign-in. So it avoids the characters people misread (0 O o, 1 l I,
// 5 S, 2 Z, 8 B) and comes in groups of four; from the CSPRNG, 16 characters of a 49-letter
// alphabet (about 89 bits), and it must pass the tenant's policy like any password (the
// sports centre's asks for a capital and a digit; none may contain the client's name).
import { randomInt } from 'node:crypto';
import { checkPassword, foldForComparison, type PasswordCheckOptions } from './password-policy.ts';

export const START_PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';
const GROUPS = 4;
const GROUP_LENGTH = 4;
/** A draw without a capital or a digit (about one in five) or refused by the policy is drawn again. */
const ATTEMPTS = 10;

function draw(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let text = '';
    for (let i = 0; i < GROUP_LENGTH; i += 1)
      text += START_PASSWORD_ALPHABET[randomInt(START_PASSWORD_ALPHABET.length)];
    groups.push(text);
  }
  return groups.join('-');
}

/** A start password that the tenant's policy accepts for this client. */
export async function newStartPassword(options: PasswordCheckOptions): Promise<string> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const password = draw();
    const hasCapital = /[A-Z]/.test(password);
    const hasDigit = /[0-9]/.test(password);
    if (hasCapital && hasDigit && (await checkPassword(password, options)).length === 0) return password;
  }
  throw new Error('no start password passed the policy in ten draws');
}

/**
 * A login for a client made at the counter: the first name's initial and the last name,
 * folded to plain letters, and four random digits ("j.kowalski.4821"), which keep it unique
 * enough that a clash (the caller draws again) is rare.
 */
export function newLogin(firstName: string, lastName: string): string {
  const plain = (text: string) => foldForComparison(text).replace(/[^a-z]/g, '');
  const base = [plain(firstName).slice(0, 1), plain(lastName).slice(0, 40)].filter(Boolean).join('.') || 'client';
  return `${base}.${String(randomInt(10_000)).padStart(4, '0')}`;
}
