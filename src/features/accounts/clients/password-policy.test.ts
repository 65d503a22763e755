import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../../platform/i18n/i18n.ts';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/locales.ts';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_POLICIES,
  checkPassword,
  foldForComparison,
  passwordRules,
  passwordSettingsOf,
  type PasswordPolicy,
  type PersonalData,
} from './password-policy.ts';
import { stopCommonPasswords } from './common-password-checker.ts';

const keys = async (password: string, policy: PasswordPolicy = 'nist', personal: PersonalData = {}) =>
  (await checkPassword(password, { policy, personal })).map((problem) => problem.key);

// The common-password thread (common-password-checker.ts) goes with this file's tests.
afterAll(() => stopCommonPasswords());

describe('checkPassword: length', () => {
  it('asks for 12 characters under nist and 8 under the sports centre rule', async () => {
    expect(await checkPassword('Xk7#mQ2pLw9', { policy: 'nist' })).toContainEqual({
      key: 'password:tooShort',
      values: { count: 12 },
    });
    expect(await keys('Xk7#mQ2pLw9z')).toEqual([]);
    expect(await checkPassword('Xk7#mQ2', { policy: 'sports_centre' })).toContainEqual({
      key: 'password:tooShort',
      values: { count: 8 },
    });
    expect(await keys('Xk7#mQ2p', 'sports_centre')).toEqual([]);
  });

  it('counts code points after NFC, not UTF-16 units', async () => {
    // Twelve emoji are 24 UTF-16 units; eleven are too few.
    expect(await keys('🦊🐝🍄🌵🐙🎲🧲🪁🦉🍋🧊🛶')).not.toContain('password:tooShort');
    expect(await keys('🦊🐝🍄🌵🐙🎲🧲🪁🦉🍋🧊')).toContain('password:tooShort');
    // 'ż' typed as z + combining dot is one character once composed.
    const decomposed = 'Gż5#kQv9Lm2'.normalize('NFD');
    expect(decomposed.length).toBe(12);
    expect(await keys(decomposed)).toContain('password:tooShort');
  });

  it('never trims: leading and trailing spaces count', async () => {
    expect(await keys('Xk7#mQ2pLw9')).toContain('password:tooShort');
    expect(await keys('Xk7#mQ2pLw9 ')).toEqual([]);
    expect(await keys(' Xk7#mQ2pLw9')).toEqual([]);
  });

  it(`accepts up to ${MAX_PASSWORD_LENGTH} characters and refuses more, under both policies`, async () => {
    const long = 'Vq7#'.padEnd(MAX_PASSWORD_LENGTH, 'xK9$mQ2pLw4z');
    for (const policy of PASSWORD_POLICIES) {
      expect(await keys(long, policy)).toEqual([]);
      expect(await checkPassword(`${long}a`, { policy })).toEqual([
        { key: 'password:tooLong', values: { count: MAX_PASSWORD_LENGTH } },
      ]);
    }
    expect(MAX_PASSWORD_LENGTH).toBeGreaterThanOrEqual(64);
  });

  it('reports too short for exactly the passwords with fewer code points than the minimum', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom(...PASSWORD_POLICIES),
        async (p, policy) => {
          const short = [...p.normalize('NFC')].length < MIN_PASSWORD_LENGTH[policy];
          expect((await keys(p, policy)).includes('password:tooShort')).toBe(short);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('refuses strings that are not well-formed Unicode', async () => {
    expect(await keys('Xk7#mQ2pLw9z\uD800')).toEqual(['password:invalidCharacters']);
  });
});

describe('checkPassword: sports centre composition', () => {
  it('needs an uppercase letter, and Polish capitals count', async () => {
    expect(await keys('kwiat-lipy-7', 'sports_centre')).toEqual(['password:needsUppercase']);
    expect(await keys('Łąka-lipy-7', 'sports_centre')).toEqual([]);
    expect(await keys('kwiat-lipy-7', 'nist')).toEqual([]);
  });

  it('needs a digit or any other non-letter character', async () => {
    expect(await keys('ŁąkaLipowaZima', 'sports_centre')).toEqual(['password:needsDigitOrSymbol']);
    expect(await keys('ŁąkaLipowa9', 'sports_centre')).toEqual([]);
    expect(await keys('Łąka lipowa', 'sports_centre')).toEqual([]);
    expect(await keys('ŁąkaLipowaZima', 'nist')).toEqual([]);
  });
});

describe('checkPassword: common passwords', () => {
  it.each(['Password123!', 'qwertyuiop12', 'zaq1@WSXcde3', 'Kochamcie123', 'heslo12345678', 'P@ssw0rd1234'])(
    'refuses %s',
    async (password) => {
      for (const policy of PASSWORD_POLICIES) expect(await keys(password, policy)).toContain('password:common');
    },
  );

  it.each(['Haslo123', 'Zaq12wsx', 'Qwerty1!', 'Warszawa2024'])(
    'refuses %s under the sports centre rule',
    async (password) => {
      expect(await keys(password, 'sports_centre')).toContain('password:common');
    },
  );

  it.each(['tiger lamp ok', 'bramka stol woda', 'correcthorsebatterystaple', 'kartofel-rower-58', 'Xk7#mQ2pLw9z'])(
    'accepts %s',
    async (password) => {
      expect(await keys(password)).toEqual([]);
    },
  );

  it('accepts random 12-character passwords', async () => {
    const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: printable.filter((c) => c.length === 1), minLength: 12, maxLength: 16 }),
        async (p) => {
          expect(await keys(p)).not.toContain('password:common');
        },
      ),
      { seed: 12, numRuns: 100 },
    );
  });

  it('judges a long password by its first 32 characters', async () => {
    expect(await keys('password'.repeat(16))).toContain('password:common');
    expect(await keys(`${'qwerty'.repeat(6)}Vq7#xK9$mQ2pLw4z`)).toContain('password:common');
    expect(await keys(`Vq7#xK9$mQ2pLw4z${'a'.repeat(100)}`)).toEqual([]);
  });
});

describe('checkPassword: personal data', () => {
  const personal: PersonalData = {
    firstName: 'Łukasz',
    lastName: 'Nowak-Żółć',
    email: 'anna.wisniewska@example.pl',
    login: 'kasztan77',
    pesel: '44051401359',
  };

  it.each([
    ['first name without diacritics', 'mojelukasz-9Qz'],
    ['part of a double surname', 'Vq7#ZOLC-pLw4z'],
    ['other part of the surname', 'xNOWAKx-9Qz#vb'],
    ['e-mail local part', 'wisniewska!9Qz'],
    ['login', 'Kasztan77-vQz#'],
    ['PESEL', 'x44051401359Qz'],
  ])('refuses a password containing the %s', async (_, password) => {
    expect(await keys(password, 'nist', personal)).toContain('password:personal');
  });

  it('names the PESEL in its message only at a tenant that collects it', async () => {
    const refusal = async (collectsPesel: boolean) =>
      (await checkPassword('mojelukasz-9Qz', { policy: 'nist', collectsPesel, personal })).map((p) => p.key);
    expect(await refusal(true)).toEqual(['password:personalOrPesel']);
    expect(await refusal(false)).toEqual(['password:personal']);
  });

  it('ignores parts shorter than three characters and absent data', async () => {
    expect(await keys('Jo-Vq7#xK9$mQ2', 'nist', { firstName: 'Jo', lastName: 'Li' })).toEqual([]);
    expect(await keys('Vq7#xK9$mQ2pL', 'nist', {})).toEqual([]);
    expect(await keys('Vq7#xK9$mQ2pL', 'nist', { email: '' })).toEqual([]);
  });

  it('does not match the e-mail domain', async () => {
    expect(await keys('example-Vq7#xK9$', 'nist', { email: 'jan@example.pl' })).toEqual([]);
  });

  it('folds case and diacritics for comparison only', () => {
    expect(foldForComparison('Łukasz ŻÓŁĆ Šťastný Straße')).toBe('lukasz zolc stastny strasse');
  });
});

describe('passwordRules', () => {
  it('lists the composition rules only for the sports centre policy', () => {
    expect(passwordRules({ policy: 'nist', collectsPesel: false }).map((rule) => rule.key)).toEqual([
      'password:rules.minLength',
      'password:rules.maxLength',
      'password:rules.notCommon',
      'password:rules.notPersonal',
      'password:rules.anyCharacters',
    ]);
    expect(passwordRules({ policy: 'sports_centre', collectsPesel: true })).toEqual([
      { key: 'password:rules.minLength', values: { count: 8 } },
      { key: 'password:rules.maxLength', values: { count: MAX_PASSWORD_LENGTH } },
      { key: 'password:rules.uppercase' },
      { key: 'password:rules.digitOrSymbol' },
      { key: 'password:rules.notCommon' },
      { key: 'password:rules.notPersonalOrPesel' },
      { key: 'password:rules.anyCharacters' },
    ]);
    expect(passwordRules({ policy: 'nist', collectsPesel: true })[0]).toEqual({
      key: 'password:rules.minLength',
      values: { count: 12 },
    });
  });

  it('names the PESEL only where the tenant collects it', () => {
    const personalRule = (nationalId: 'required' | 'optional' | 'none') =>
      passwordRules(passwordSettingsOf({ passwordPolicy: 'nist', nationalId })).find((rule) =>
        rule.key.startsWith('password:rules.notPersonal'),
      )?.key;
    expect(personalRule('required')).toBe('password:rules.notPersonalOrPesel');
    expect(personalRule('optional')).toBe('password:rules.notPersonalOrPesel');
    expect(personalRule('none')).toBe('password:rules.notPersonal');
  });

  it('has a text in every language for every rule and every problem', async () => {
    const i18n = createI18n();
    const problems = [
      ...(await checkPassword('a', { policy: 'sports_centre' })),
      ...(await checkPassword('x'.repeat(200), { policy: 'nist' })),
      ...(await checkPassword('zaq1@WSXcde3', { policy: 'nist', personal: { firstName: 'Wsx' } })),
      ...(await checkPassword('zaq1@WSXcde3', { policy: 'nist', collectsPesel: true, personal: { firstName: 'Wsx' } })),
      ...(await checkPassword('\uD800', { policy: 'nist' })),
    ];
    const messages: { key: string; values?: { count: number } }[] = [
      ...passwordRules({ policy: 'sports_centre', collectsPesel: true }),
      ...passwordRules({ policy: 'sports_centre', collectsPesel: false }),
      ...problems,
      { key: 'password:rules.heading' },
    ];
    expect(new Set(problems.map((problem) => problem.key)).size).toBe(8);
    for (const locale of SUPPORTED_LOCALES) {
      for (const { key, values } of messages) {
        const text = i18n.t(key, { lng: locale, ...values });
        expect(text, `${locale} ${key}`).not.toBe(key.replace(/^password:/, ''));
        expect(text, `${locale} ${key}`).not.toMatch(/\{\{|password:/);
      }
    }
  });
});
