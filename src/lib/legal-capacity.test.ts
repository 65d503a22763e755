import { describe, expect, it } from 'vitest';
import { applicationRoute, legalCapacity, type ApplicationRoute, type Incapacity } from './legal-capacity.ts';
import { parsePesel } from './pesel.ts';

/** The route for the holder of a PESEL (given as typed) applying on a day. */
function routeOf(pesel: string, on: string, incapacity: Incapacity = 'none'): ApplicationRoute {
  const parsed = parsePesel(pesel);
  if (!parsed.ok) throw new Error(`test PESEL ${pesel} does not parse: ${parsed.reason}`);
  return applicationRoute({ holder: parsed.pesel, on, incapacity });
}

const NO_CARD: ApplicationRoute = { kind: 'noCardNeeded' };
const BY_REPRESENTATIVE: ApplicationRoute = { kind: 'onBehalf', by: 'legalRepresentative' };
const BY_GUARDIAN: ApplicationRoute = { kind: 'onBehalf', by: 'guardian' };
const REPRESENTATIVE_CONSENTS: ApplicationRoute = { kind: 'withConsent', of: 'legalRepresentative' };
const CURATOR_CONSENTS: ApplicationRoute = { kind: 'withConsent', of: 'curator' };
const SELF: ApplicationRoute = { kind: 'self' };

// PESELs of the 2000s carry the month + 20 (22 for February, 26 for June); of the 1900s the
// month itself. Each case: the day before a birthday, then the birthday.
describe('applicationRoute at the 4th, 13th and 18th birthdays', () => {
  it('on ordinary birth dates in the 2000s', () => {
    expect(routeOf('22261530304', '2026-06-14')).toEqual(NO_CARD); // born 2022-06-15, 3
    expect(routeOf('22261530304', '2026-06-15')).toEqual(BY_REPRESENTATIVE); // 4
    expect(routeOf('13261540404', '2026-06-14')).toEqual(BY_REPRESENTATIVE); // born 2013-06-15, 12
    expect(routeOf('13261540404', '2026-06-15')).toEqual(REPRESENTATIVE_CONSENTS); // 13
    expect(routeOf('08261550502', '2026-06-14')).toEqual(REPRESENTATIVE_CONSENTS); // born 2008-06-15, 17
    expect(routeOf('08261550502', '2026-06-15')).toEqual(SELF); // 18
  });

  it('on ordinary birth dates in the 1900s, the birthdays falling in 2000', () => {
    expect(routeOf('96010580805', '2000-01-04')).toEqual(NO_CARD); // born 1996-01-05
    expect(routeOf('96010580805', '2000-01-05')).toEqual(BY_REPRESENTATIVE);
    expect(routeOf('87113070706', '2000-11-29')).toEqual(BY_REPRESENTATIVE); // born 1987-11-30
    expect(routeOf('87113070706', '2000-11-30')).toEqual(REPRESENTATIVE_CONSENTS);
    expect(routeOf('82031060600', '2000-03-09')).toEqual(REPRESENTATIVE_CONSENTS); // born 1982-03-10
    expect(routeOf('82031060600', '2000-03-10')).toEqual(SELF);
  });

  it('for someone born on 29 February, on 29 February in a leap year', () => {
    // The 4th birthday always falls in a leap year, but for a century year like 2100.
    expect(routeOf('20222924687', '2024-02-28')).toEqual(NO_CARD); // born 2020-02-29
    expect(routeOf('20222924687', '2024-02-29')).toEqual(BY_REPRESENTATIVE);
    expect(routeOf('80022912345', '1984-02-28')).toEqual(NO_CARD); // born 1980-02-29
    expect(routeOf('80022912345', '1984-02-29')).toEqual(BY_REPRESENTATIVE);
  });

  it('for someone born on 29 February, on 28 February in a common year (art. 112)', () => {
    // The 13th and 18th birthdays never fall in a leap year.
    expect(routeOf('12222913572', '2025-02-27')).toEqual(BY_REPRESENTATIVE); // born 2012-02-29
    expect(routeOf('12222913572', '2025-02-28')).toEqual(REPRESENTATIVE_CONSENTS);
    expect(routeOf('08222945675', '2026-02-27')).toEqual(REPRESENTATIVE_CONSENTS); // born 2008-02-29
    expect(routeOf('08222945675', '2026-02-28')).toEqual(SELF);
    expect(routeOf('08222945675', '2026-03-01')).toEqual(SELF);
    expect(routeOf('80022912345', '1993-02-27')).toEqual(BY_REPRESENTATIVE); // born 1980-02-29
    expect(routeOf('80022912345', '1993-02-28')).toEqual(REPRESENTATIVE_CONSENTS);
    expect(routeOf('80022912345', '1998-02-27')).toEqual(REPRESENTATIVE_CONSENTS);
    expect(routeOf('80022912345', '1998-02-28')).toEqual(SELF);
    // 2100 is no leap year: born 2096-02-29, four on 28 February 2100.
    expect(routeOf('96222911112', '2100-02-27')).toEqual(NO_CARD);
    expect(routeOf('96222911112', '2100-02-28')).toEqual(BY_REPRESENTATIVE);
  });
});

describe('applicationRoute for every age band and incapacity', () => {
  // Born 2008-06-15 (PESEL 08261550502); the day gives the age in completed years.
  const cases: [age: number, on: string, none: ApplicationRoute, partial: ApplicationRoute, full: ApplicationRoute][] =
    [
      [3, '2012-06-14', NO_CARD, NO_CARD, NO_CARD],
      [4, '2012-06-15', BY_REPRESENTATIVE, BY_REPRESENTATIVE, BY_REPRESENTATIVE],
      [12, '2021-06-14', BY_REPRESENTATIVE, BY_REPRESENTATIVE, BY_REPRESENTATIVE],
      [13, '2021-06-15', REPRESENTATIVE_CONSENTS, REPRESENTATIVE_CONSENTS, BY_REPRESENTATIVE],
      [17, '2026-06-14', REPRESENTATIVE_CONSENTS, REPRESENTATIVE_CONSENTS, BY_REPRESENTATIVE],
      [18, '2026-06-15', SELF, CURATOR_CONSENTS, BY_GUARDIAN],
      [75, '2083-06-15', SELF, CURATOR_CONSENTS, BY_GUARDIAN],
    ];

  it.each(cases)('at %i', (_age, on, none, partial, full) => {
    expect(routeOf('08261550502', on, 'none')).toEqual(none);
    expect(routeOf('08261550502', on, 'partial')).toEqual(partial);
    expect(routeOf('08261550502', on, 'full')).toEqual(full);
  });
});

describe('applicationRoute inputs', () => {
  it('takes a birth date for a holder without a PESEL, as a string or a CalendarDate', () => {
    const on = { year: 2026, month: 6, day: 15 };
    expect(applicationRoute({ holder: { birthDate: '2013-06-15' }, on, incapacity: 'none' })).toEqual(
      REPRESENTATIVE_CONSENTS,
    );
    const birthDate = { year: 1970, month: 1, day: 1 };
    expect(applicationRoute({ holder: { birthDate }, on: '2026-06-15', incapacity: 'full' })).toEqual(BY_GUARDIAN);
  });

  it('tells a birth date after the application day apart from a small child', () => {
    expect(routeOf('22261530304', '2022-06-14')).toEqual({ kind: 'notBornYet' });
    expect(routeOf('22261530304', '2022-06-15')).toEqual(NO_CARD); // born that day
  });

  it('refuses a day that is not a calendar day', () => {
    expect(() => routeOf('22261530304', '2026-02-29')).toThrow(RangeError);
  });
});

describe('legalCapacity (Civil Code arts. 11–16)', () => {
  it('is none under 13 or when fully incapacitated, limited at 13–17 or when partially, else full', () => {
    expect([12, 13, 17, 18].map((age) => legalCapacity(age, 'none'))).toEqual(['none', 'limited', 'limited', 'full']);
    expect([12, 13, 17, 18].map((age) => legalCapacity(age, 'partial'))).toEqual([
      'none',
      'limited',
      'limited',
      'limited',
    ]);
    expect([12, 13, 17, 18].map((age) => legalCapacity(age, 'full'))).toEqual(['none', 'none', 'none', 'none']);
  });
});
