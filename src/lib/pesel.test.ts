import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../platform/i18n/i18n.ts';
import { SUPPORTED_LOCALES } from '../platform/i18n/locales.ts';
import {
  ageOn,
  calendarDateIn,
  fromIsoDate,
  makePesel,
  maskPesel,
  meetsMinimumAge,
  parsePesel,
  PESEL_MESSAGE_KEYS,
  toIsoDate,
  type CalendarDate,
  type Pesel,
  type PeselRejection,
  type Sex,
} from './pesel.ts';

// An encoder written apart from pesel.ts, checked against JavaScript's own calendar, so the
// property tests do not only compare pesel.ts with itself.
const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const OFFSET: Record<number, number> = { 1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60 };
const checkDigit = (firstTen: string): number =>
  (10 - ([...firstTen].reduce((sum, c, i) => sum + Number(c) * WEIGHTS[i]!, 0) % 10)) % 10;
const two = (n: number): string => String(n).padStart(2, '0');

function encode(date: CalendarDate, serial: string, sex: Sex): string {
  const offset = OFFSET[Math.floor(date.year / 100) * 100]!;
  const sexDigit = Number(serial[3]) - (Number(serial[3]) % 2) + (sex === 'male' ? 1 : 0);
  const firstTen = `${two(date.year % 100)}${two(date.month + offset)}${two(date.day)}${serial.slice(0, 3)}${sexDigit}`;
  return firstTen + String(checkDigit(firstTen));
}

/** A real calendar day 1800–2299, by JavaScript's Date (UTC, so no time-zone shifts). */
const calendarDate = fc
  .date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2299, 11, 31)), noInvalidDate: true })
  .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));

const validPesel = fc
  .record({
    birthDate: calendarDate,
    serial: fc.stringMatching(/^[0-9]{4}$/),
    sex: fc.constantFrom<Sex>('female', 'male'),
  })
  .map((parts) => ({ ...parts, value: encode(parts.birthDate, parts.serial, parts.sex) }));

function parsed(input: string): Pesel {
  const result = parsePesel(input);
  if (!result.ok) throw new Error(`expected ${input} to parse, got ${result.reason}`);
  return result.pesel;
}

const reasonOf = (input: string): PeselRejection | 'ok' => {
  const result = parsePesel(input);
  return result.ok ? 'ok' : result.reason;
};

describe('parsePesel', () => {
  it('accepts the example from the issue, with birth date and sex', () => {
    const pesel = parsed('44051401359');
    expect(pesel.value).toBe('44051401359');
    expect(pesel.birthDate).toEqual({ year: 1944, month: 5, day: 14 });
    expect(pesel.sex).toBe('male'); // 10th digit 5: odd
  });

  it.each([
    ['50831501236', '1850-03-15', 'male'], // 1800s: month + 80
    ['00810100002', '1800-01-01', 'female'],
    ['04822911146', '1804-02-29', 'female'], // leap
    ['99123198763', '1999-12-31', 'female'], // 1900s: month as is
    ['02070803628', '1902-07-08', 'female'],
    ['00222900016', '2000-02-29', 'male'], // 2000s: month + 20; 2000 is a leap year
    ['24222945620', '2024-02-29', 'female'],
    ['50410133373', '2150-01-01', 'male'], // 2100s: month + 40
    ['99723177702', '2299-12-31', 'female'], // 2200s: month + 60
    ['04622922250', '2204-02-29', 'male'],
  ])('accepts %s: born %s, %s', (input, born, sex) => {
    const pesel = parsed(input);
    expect(toIsoDate(pesel.birthDate)).toBe(born);
    expect(pesel.sex).toBe(sex);
  });

  // Each has a correct check digit, so only the date is at fault.
  it.each([
    ['44131401350', 'month 13'],
    ['44331401356', 'month 33 (2000s + 13)'],
    ['44531401352', 'month 53 (2100s + 13)'],
    ['44731401358', 'month 73 (2200s + 13)'],
    ['44931401354', 'month 93 (1800s + 13)'],
    ['44001401354', 'month 00'],
    ['44201401350', 'month 20'],
    ['04823001354', '30 February 1804'],
    ['04023001350', '30 February 1904'],
    ['04223001356', '30 February 2004'],
    ['04423001352', '30 February 2104'],
    ['04623001358', '30 February 2204'],
    ['00822901350', '29 February 1800 (not leap)'],
    ['00022901356', '29 February 1900 (not leap)'],
    ['00422901358', '29 February 2100, month 42 (not leap)'],
    ['00622901354', '29 February 2200 (not leap)'],
    ['23222901351', '29 February 2023'],
    ['44050001352', 'day 00'],
    ['44013201359', '32 January'],
    ['44043101355', '31 April'],
  ])('rejects %s as a date: %s', (input) => {
    expect(reasonOf(input)).toBe('date');
  });

  it('tells 29 February in leap years (2000) from 29 February in years that are not (1900, 2100)', () => {
    expect(reasonOf('00222900016')).toBe('ok');
    expect(reasonOf(encode({ year: 2000, month: 2, day: 29 }, '0135', 'male'))).toBe('ok');
    expect(reasonOf('00022901356')).toBe('date');
    expect(reasonOf('00422901358')).toBe('date');
  });

  it('rejects a wrong check digit', () => {
    expect(reasonOf('44051401358')).toBe('checksum');
    expect(reasonOf('44051401350')).toBe('checksum');
  });

  it.each([
    ['', 'empty'],
    ['4405140135', '10 digits'],
    ['440514013590', '12 digits'],
    ['4', 'one digit'],
  ])('rejects %j as the wrong length (%s)', (input) => {
    expect(reasonOf(input)).toBe('length');
  });

  it.each([
    ['ABCDEFGHIJK', 'letters'],
    ['4405140135a', 'a letter in place of a digit'],
    ['44O51401359', 'letter O for zero'],
    ['４４０５１４０１３５９', 'full-width digits'],
    ['4405140135９', 'one full-width digit'],
    ['٤٤٠٥١٤٠١٣٥٩', 'Arabic-Indic digits'],
    ['۴۴۰۵۱۴۰۱۳۵۹', 'Persian digits'],
    ['𝟒𝟒𝟎𝟓𝟏𝟒𝟎𝟏𝟑𝟓𝟗', 'mathematical bold digits'],
    [' 44051401359', 'a leading space (not trimmed)'],
    ['44051401359\n', 'a trailing newline'],
    ['440514 01359', 'an inner space'],
    ['440-514-013-59', 'dashes'],
    ['-4405140135', 'a sign'],
    ['44051\u200b401359', 'a zero-width space'],
    ['abc', 'letters and the wrong length'],
  ])('rejects %j as not only digits (%s)', (input) => {
    expect(reasonOf(input)).toBe('digits');
  });

  it('names an i18n key, with a text in every language, for each reason', () => {
    const resources = loadResources();
    for (const reason of ['digits', 'length', 'date', 'checksum'] as const) {
      const [namespace, key] = PESEL_MESSAGE_KEYS[reason].split(':') as [string, string];
      for (const locale of SUPPORTED_LOCALES) {
        const text = (resources[locale]?.[namespace] as Record<string, string> | undefined)?.[key];
        expect(text, `${locale} ${PESEL_MESSAGE_KEYS[reason]}`).toMatch(/\p{L}/u);
      }
    }
  });

  it('accepts every valid PESEL, with its birth date and sex (all five centuries)', () => {
    fc.assert(
      fc.property(validPesel, ({ value, birthDate, sex }) => {
        const pesel = parsed(value);
        expect(pesel.birthDate).toEqual(birthDate);
        expect(pesel.sex).toBe(sex);
        expect(pesel.value).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any single-digit change of a valid PESEL', () => {
    // Weights 1, 3, 7 and 9 are coprime with 10: changing one of the first ten digits by
    // d (1–9) moves the weighted sum by w·d ≢ 0 (mod 10), so the check digit no longer fits;
    // changing the check digit itself breaks it directly. (A date error may be found first.)
    fc.assert(
      fc.property(validPesel, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (p, at, by) => {
        const digit = (Number(p.value[at]) + by) % 10;
        const changed = p.value.slice(0, at) + String(digit) + p.value.slice(at + 1);
        const reason = reasonOf(changed);
        expect(['checksum', 'date']).toContain(reason);
        // The checksum alone always catches it, whatever the date part says.
        expect(checkDigit(changed.slice(0, 10))).not.toBe(Number(changed[10]));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with an independent oracle on any 11 digits', () => {
    const realDate = (value: string): boolean => {
      const encodedMonth = Number(value.slice(2, 4));
      const offset = [80, 0, 20, 40, 60].find((o) => encodedMonth > o && encodedMonth <= o + 12);
      if (offset === undefined) return false;
      const year = { 80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200 }[offset]! + Number(value.slice(0, 2));
      const month = encodedMonth - offset;
      const day = Number(value.slice(4, 6));
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11}$/), (value) => {
        const expected = !realDate(value)
          ? 'date'
          : checkDigit(value.slice(0, 10)) === Number(value[10])
            ? 'ok'
            : 'checksum';
        expect(reasonOf(value)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('makePesel', () => {
  it('agrees with the independent encoder and parses back', () => {
    fc.assert(
      fc.property(validPesel, ({ birthDate, serial, sex, value }) => {
        const made = makePesel({ ...birthDate, serial: Number(serial), sex });
        expect(made).toBe(value);
        expect(parsed(made).birthDate).toEqual(birthDate);
      }),
    );
  });

  it('reproduces the issue example, and keeps the serial as it is without a sex', () => {
    expect(makePesel({ year: 1944, month: 5, day: 14, serial: 135 })).toBe('44051401359');
    expect(makePesel({ year: 1944, month: 5, day: 14, serial: 135, sex: 'male' })).toBe('44051401359');
    expect(parsed(makePesel({ year: 1944, month: 5, day: 14, serial: 135, sex: 'female' })).sex).toBe('female');
    expect(parsed(makePesel({ year: 1944, month: 5, day: 14, serial: 9, sex: 'female' })).sex).toBe('female');
  });

  it('refuses dates a PESEL cannot hold and serials out of range', () => {
    expect(() => makePesel({ year: 1799, month: 12, day: 31, serial: 1 })).toThrow(RangeError);
    expect(() => makePesel({ year: 2300, month: 1, day: 1, serial: 1 })).toThrow(RangeError);
    expect(() => makePesel({ year: 2100, month: 2, day: 29, serial: 1 })).toThrow(RangeError);
    expect(() => makePesel({ year: 2000, month: 13, day: 1, serial: 1 })).toThrow(RangeError);
    expect(() => makePesel({ year: 2000, month: 1, day: 1, serial: 10000 })).toThrow(RangeError);
    expect(() => makePesel({ year: 2000, month: 1, day: 1, serial: -1 })).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts whole years, completed on the birthday itself', () => {
    expect(ageOn('1944-05-14', '2024-05-13')).toBe(79);
    expect(ageOn('1944-05-14', '2024-05-14')).toBe(80);
    expect(ageOn('1944-05-14', '2024-12-31')).toBe(80);
    expect(ageOn({ year: 2008, month: 12, day: 31 }, { year: 2024, month: 12, day: 30 })).toBe(15);
    expect(ageOn({ year: 2008, month: 12, day: 31 }, { year: 2024, month: 12, day: 31 })).toBe(16);
    expect(ageOn('2024-05-14', '2024-05-14')).toBe(0);
  });

  it('gives -1 before the birth date', () => {
    expect(ageOn('2024-05-14', '2024-05-13')).toBe(-1);
    expect(ageOn('2150-01-01', '2025-06-01')).toBe(-1);
  });

  it('makes someone born on 29 February a year older on 28 February in years without one (Polish law)', () => {
    expect(ageOn('2008-02-29', '2025-02-27')).toBe(16);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
    // In a leap year the birthday is 29 February itself.
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
    // 2100 is not a leap year.
    expect(ageOn('2096-02-29', '2100-02-28')).toBe(4);
    expect(ageOn('2096-02-29', '2100-02-27')).toBe(3);
  });

  it('turns n on the n-th birthday and is n - 1 the day before (dates other than 29 February)', () => {
    fc.assert(
      fc.property(
        calendarDate.filter((d) => !(d.month === 2 && d.day === 29)),
        fc.integer({ min: 1, max: 120 }),
        (born, years) => {
          const birthday = { year: born.year + years, month: born.month, day: born.day };
          const before = new Date(Date.UTC(birthday.year, birthday.month - 1, birthday.day - 1));
          const dayBefore = {
            year: before.getUTCFullYear(),
            month: before.getUTCMonth() + 1,
            day: before.getUTCDate(),
          };
          expect(ageOn(born, birthday)).toBe(years);
          expect(ageOn(born, dayBefore)).toBe(years - 1);
        },
      ),
    );
  });

  it('refuses a malformed or impossible ISO date', () => {
    expect(() => ageOn('2023-02-29', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2024-1-1', '2024-01-01')).toThrow(RangeError);
    expect(() => fromIsoDate('2024-01-01T00:00:00Z')).toThrow(RangeError);
  });

  it('reads the minimum age from the PESEL', () => {
    const pesel = parsed(makePesel({ year: 2008, month: 6, day: 1, serial: 1234 }));
    expect(meetsMinimumAge(pesel, 16, '2024-05-31')).toBe(false);
    expect(meetsMinimumAge(pesel, 16, '2024-06-01')).toBe(true);
    expect(meetsMinimumAge(pesel, 18, '2024-06-01')).toBe(false);
  });
});

describe('calendarDateIn', () => {
  it("gives the day on the time zone's wall clock", () => {
    const lateEvening = new Date('2024-05-31T22:30:00Z'); // already 1 June in Warsaw (UTC+2)
    expect(calendarDateIn('Europe/Warsaw', lateEvening)).toEqual({ year: 2024, month: 6, day: 1 });
    expect(calendarDateIn('UTC', lateEvening)).toEqual({ year: 2024, month: 5, day: 31 });
  });
});

describe('maskPesel', () => {
  it('shows the birth date and the last two digits, as parts', () => {
    expect(maskPesel(parsed('44051401359'))).toEqual({ birthDate: '1944-05-14', lastDigits: '59' });
  });

  it('never lets the full number be worked out: 100 numbers fit what is shown', () => {
    const candidates = (value: string, visible: number): number => {
      // Everything but the last `visible` digits after the date is hidden; count valid fits.
      const hidden = 4 - (visible - 1); // hidden serial digits
      let count = 0;
      for (let n = 0; n < 10 ** hidden; n++) {
        const guess = value.slice(0, 6) + String(n).padStart(hidden, '0') + value.slice(11 - visible);
        if (checkDigit(guess.slice(0, 10)) === Number(guess[10])) count++;
      }
      return count;
    };
    fc.assert(
      fc.property(validPesel, ({ value }) => {
        const mask = maskPesel(parsed(value));
        expect(value.endsWith(mask.lastDigits)).toBe(true);
        expect(JSON.stringify(mask)).not.toContain(value);
        expect(candidates(value, mask.lastDigits.length)).toBe(100);
        // Why not the last four: with the birth date they give the whole number away.
        expect(candidates(value, 4)).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the number out of String(), JSON and util.inspect of a parsed PESEL', () => {
    fc.assert(
      fc.property(validPesel, ({ value }) => {
        const pesel = parsed(value);
        for (const shown of [String(pesel), `${pesel}`, JSON.stringify({ pesel }), inspect({ pesel }, { depth: 5 })]) {
          expect(shown).not.toContain(value);
          expect(shown).toContain(maskPesel(pesel).lastDigits);
        }
      }),
      { numRuns: 200 },
    );
  });
});
