// What an audit row keeps of a change: no secret by any spelling of its name, no run of eleven
// digits in any value or name, a valid PESEL as the screen shows it.
import { describe, expect, it } from 'vitest';
import { makePesel, parsePesel } from '../../lib/pesel.ts';
import { isSecretField, MASKED_DIGITS, maskDigitRuns, sanitiseChanges } from './sanitise.ts';

const pesel = makePesel({ year: 1990, month: 7, day: 21, serial: 4321 });
const masked = `PESEL(1990-07-21, …${pesel.slice(-2)})`;

describe('maskDigitRuns', () => {
  it('shows a valid PESEL masked, anywhere in the text', () => {
    expect(maskDigitRuns(`PESEL:${pesel}, checked`)).toBe(`PESEL:${masked}, checked`);
  });

  it('masks any other run of eleven or more digits, in any script, and leaves shorter ones', () => {
    expect(maskDigitRuns('12345678901')).toBe(MASKED_DIGITS);
    expect(maskDigitRuns(`IBAN PL61109010140000071219812874`)).toBe(`IBAN PL${MASKED_DIGITS}`);
    expect(maskDigitRuns(`${pesel}1`)).toBe(MASKED_DIGITS);
    expect(maskDigitRuns('４４０５１４０１３５９')).toBe(MASKED_DIGITS);
    expect(maskDigitRuns('+48 600 700 800, 2026-11-23, 1234567890')).toBe('+48 600 700 800, 2026-11-23, 1234567890');
  });
});

describe('isSecretField', () => {
  it('knows secrets by name, in snake_case or camelCase', () => {
    for (const name of [
      'password',
      'password_hash',
      'passwordHash',
      'token',
      'secret',
      'national_id_sealed',
      'nationalIdIndex',
    ]) {
      expect(isSecretField(name)).toBe(true);
    }
    for (const name of ['email', 'first_name', 'password_changed_at', 'tokens_sent', 'indexed']) {
      expect(isSecretField(name)).toBe(false);
    }
  });
});

describe('sanitiseChanges', () => {
  it('drops secrets at any depth and masks digits in values, numbers and names', () => {
    const parsed = parsePesel(pesel);
    if (!parsed.ok) throw new Error('the test PESEL is valid');
    expect(
      sanitiseChanges({
        password: ['a', 'b'],
        profile: [{ email: 'a@example.test', login_token: 'x', token: 'y' }, { email: 'b@example.test' }],
        nationalId: [parsed.pesel, null],
        account: [12345678901, 42],
        [`note ${pesel}`]: ['', new Date('2026-11-23T10:00:00Z')],
      }),
    ).toEqual({
      profile: [{ email: 'a@example.test', login_token: 'x' }, { email: 'b@example.test' }],
      nationalId: [masked, null],
      account: [MASKED_DIGITS, 42],
      [`note ${masked}`]: ['', '2026-11-23T10:00:00.000Z'],
    });
  });

  it('leaves nothing when only secrets changed', () => {
    expect(sanitiseChanges({ password_hash: ['a', 'b'] })).toBeUndefined();
    expect(sanitiseChanges(undefined)).toBeUndefined();
  });
});
