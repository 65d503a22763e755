// The start password and the login made at the counter: their shape, their alphabet without
// look-alikes, and that each tenant's policy accepts them.
import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';
import { newLogin, newStartPassword, START_PASSWORD_ALPHABET } from './start-password.ts';

const personal = { firstName: 'Halina', lastName: 'Kwiatkowska', email: 'halina@example.org' };

describe('newStartPassword', () => {
  it('draws 16 characters in groups of four, without look-alikes, that the policy accepts', async () => {
    const seen = new Set<string>();
    for (const policy of ['nist', 'sports_centre'] as const) {
      for (let i = 0; i < 50; i += 1) {
        const password = await newStartPassword({ policy, personal });
        expect(password).toMatch(/^[^-]{4}(-[^-]{4}){3}$/);
        for (const character of password.replaceAll('-', '')) expect(START_PASSWORD_ALPHABET).toContain(character);
        expect(password).toMatch(/[A-Z]/);
        expect(password).toMatch(/[0-9]/);
        expect(await checkPassword(password, { policy, personal })).toEqual([]);
        seen.add(password);
      }
    }
    expect(seen.size).toBe(100);
    for (const lookAlike of '0Oo1lI5S2Z8B') expect(START_PASSWORD_ALPHABET).not.toContain(lookAlike);
  });
});

describe('newLogin', () => {
  it('is the initial and the surname in plain letters, and four digits', () => {
    expect(newLogin('Łucja', 'Żółkiewska-Nowak')).toMatch(/^l\.zolkiewskanowak\.\d{4}$/);
    expect(newLogin('Jiří', 'Dvořák')).toMatch(/^j\.dvorak\.\d{4}$/);
    expect(newLogin('Ю', 'Щ')).toMatch(/^client\.\d{4}$/);
  });
});
