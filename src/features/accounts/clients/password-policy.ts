// The password rules of issue #5, one place for both what the form shows next to the field
// (passwordRules) and what the server checks (checkPassword). Two policies, chosen per tenant
// in settings.passwordPolicy:
//   nist           NIST SP 800-63B / ASVS style: 12 to 128 characters, no composition rules;
//   sports_centre  the sports centre's published rule: 8 to 128 characters, at least one
//                  uppercase letter and at least one digit or other non-letter character.
// Both refuse common or easily guessed passwords (zxcvbn-ts with the common, pl, en and cs
// dictionaries, in a thread of its own: common-passwords.ts) and passwords containing the
// user's name, e-mail local part, login or PESEL; the rules and the message name the PESEL
// only at a tenant that collects it (settings.nationalId), where people know what it means.
//
// The password is NFC-normalised before it is measured or checked (password-hash.ts hashes the
// same NFC form), and never trimmed or truncated: a leading or trailing space is part of it.
// Length is counted in Unicode code points, so 'ż' or an emoji is one character.
//
// Problems and rules are i18n keys in the `password` namespace with interpolation values;
// counts go in `count`, so i18next picks the plural form: t(problem.key, problem.values).
import { isCommonPassword } from './common-password-checker.ts';

export const PASSWORD_POLICIES = ['nist', 'sports_centre'] as const;
export type PasswordPolicy = (typeof PASSWORD_POLICIES)[number];

/**
 * Upper bound for both policies, in code points. NIST asks to accept at least 64; 128 leaves
 * room for long passphrases while keeping the work per request bounded (at most 512 UTF-8 bytes
 * reach argon2, and zxcvbn only ever sees the first ZXCVBN_WINDOW code points, common-passwords.ts).
 */
export const MAX_PASSWORD_LENGTH = 128;

export const MIN_PASSWORD_LENGTH: Readonly<Record<PasswordPolicy, number>> = { nist: 12, sports_centre: 8 };

/** Only name parts this long are looked for, so a name like 'Jo' does not refuse everything. */
export const MIN_PERSONAL_PART_LENGTH = 3;

export type PasswordMessageKey =
  | 'password:tooShort'
  | 'password:tooLong'
  | 'password:invalidCharacters'
  | 'password:needsUppercase'
  | 'password:needsDigitOrSymbol'
  | 'password:common'
  | 'password:personal'
  | 'password:personalOrPesel';

export interface PasswordProblem {
  key: PasswordMessageKey;
  values?: { count: number };
}

export type PasswordRuleKey =
  | 'password:rules.minLength'
  | 'password:rules.maxLength'
  | 'password:rules.anyCharacters'
  | 'password:rules.uppercase'
  | 'password:rules.digitOrSymbol'
  | 'password:rules.notCommon'
  | 'password:rules.notPersonal'
  | 'password:rules.notPersonalOrPesel';

export interface PasswordRule {
  key: PasswordRuleKey;
  values?: { count: number };
}

/** What the user has told us about themselves; a password must not contain any of it. */
export interface PersonalData {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  pesel?: string | undefined;
  login?: string | undefined;
}

/** What of a tenant's settings shapes its password rules. */
export interface PasswordSettings {
  policy: PasswordPolicy;
  /** The tenant collects PESEL numbers: the rules and messages name it among the personal data. */
  collectsPesel: boolean;
}

export function passwordSettingsOf(settings: {
  passwordPolicy: PasswordPolicy;
  nationalId: 'required' | 'optional' | 'none';
}): PasswordSettings {
  return { policy: settings.passwordPolicy, collectsPesel: settings.nationalId !== 'none' };
}

export interface PasswordCheckOptions {
  policy: PasswordPolicy;
  collectsPesel?: boolean;
  personal?: PersonalData;
}

/** The rules to show next to the field, in the order they are checked. */
export function passwordRules({ policy, collectsPesel }: PasswordSettings): PasswordRule[] {
  const rules: PasswordRule[] = [
    { key: 'password:rules.minLength', values: { count: MIN_PASSWORD_LENGTH[policy] } },
    { key: 'password:rules.maxLength', values: { count: MAX_PASSWORD_LENGTH } },
  ];
  if (policy === 'sports_centre') {
    rules.push({ key: 'password:rules.uppercase' }, { key: 'password:rules.digitOrSymbol' });
  }
  rules.push(
    { key: 'password:rules.notCommon' },
    { key: collectsPesel ? 'password:rules.notPersonalOrPesel' : 'password:rules.notPersonal' },
    { key: 'password:rules.anyCharacters' },
  );
  return rules;
}

const codePoints = (text: string): string[] => Array.from(text);

// Letters without a canonical decomposition that people write without the diacritic.
const FOLD: Readonly<Record<string, string>> = { ł: 'l', đ: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Lowercase, without diacritics: 'Łukasz Żółć' → 'lukasz zolc'. For comparison only. */
export function foldForComparison(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[łđøßæœı]/g, (letter) => FOLD[letter] ?? letter);
}

/** The parts of the personal data to look for: words of names, e-mail local part and login, and the PESEL. */
function personalParts(personal: PersonalData): string[] {
  const texts = [personal.firstName, personal.lastName, personal.login, personal.email?.split('@')[0]];
  const parts = texts.flatMap((text) => foldForComparison(text ?? '').split(/[^\p{L}\p{N}]+/u));
  const pesel = personal.pesel?.replace(/\D/g, '');
  if (pesel) parts.push(pesel);
  return [...new Set(parts)].filter((part) => codePoints(part).length >= MIN_PERSONAL_PART_LENGTH);
}

/** Everything wrong with the password under the policy, in the order to show; empty when it is acceptable. */
export async function checkPassword(
  password: string,
  { policy, collectsPesel, personal = {} }: PasswordCheckOptions,
): Promise<PasswordProblem[]> {
  if (!password.isWellFormed()) return [{ key: 'password:invalidCharacters' }];
  const normalised = password.normalize('NFC');
  const length = codePoints(normalised).length;
  const problems: PasswordProblem[] = [];

  const min = MIN_PASSWORD_LENGTH[policy];
  if (length < min) problems.push({ key: 'password:tooShort', values: { count: min } });
  const tooLong = length > MAX_PASSWORD_LENGTH;
  if (tooLong) problems.push({ key: 'password:tooLong', values: { count: MAX_PASSWORD_LENGTH } });

  if (policy === 'sports_centre') {
    if (!/\p{Lu}/u.test(normalised)) problems.push({ key: 'password:needsUppercase' });
    if (!/[^\p{L}\p{M}]/u.test(normalised)) problems.push({ key: 'password:needsDigitOrSymbol' });
  }

  // An over-long password is not handed to zxcvbn at all; the visitor has to shorten it anyway.
  if (length > 0 && !tooLong && (await isCommonPassword(normalised))) problems.push({ key: 'password:common' });

  const folded = foldForComparison(normalised);
  if (personalParts(personal).some((part) => folded.includes(part))) {
    problems.push({ key: collectsPesel ? 'password:personalOrPesel' : 'password:personal' });
  }

  return problems;
}
