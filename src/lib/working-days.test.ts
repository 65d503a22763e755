import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDayAfter } from './zoned-date.ts';
import { isWorkingDay, publicHolidaysIn, termEndingOn, workingDayAfter } from './working-days.ts';

/** A calendar day 2020–2035, the years a pickup window or a deadline of ours falls in. */
const calendarDay = fc
  .date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2035, 11, 31)), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** The days strictly after `from` up to and including `to`. */
function daysAfterUpTo(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = calendarDayAfter(from, 1); day <= to; day = calendarDayAfter(day, 1)) days.push(day);
  return days;
}

describe('publicHolidaysIn', () => {
  it('lists exactly the days off of the Act on days off work, 24 December included from 2025', () => {
    expect([...publicHolidaysIn(2026)].sort()).toEqual([
      '2026-01-01', // New Year
      '2026-01-06', // Epiphany
      '2026-04-05', // Easter Sunday
      '2026-04-06', // Easter Monday
      '2026-05-01', // Labour Day
      '2026-05-03', // Constitution Day
      '2026-05-24', // Pentecost Sunday
      '2026-06-04', // Corpus Christi
      '2026-08-15', // Assumption
      '2026-11-01', // All Saints
      '2026-11-11', // Independence Day
      '2026-12-24', // Christmas Eve, a day off since 2025
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(publicHolidaysIn(2025).has('2025-12-24')).toBe(true);
    expect(publicHolidaysIn(2024).has('2024-12-24')).toBe(false);
    expect(publicHolidaysIn(2024).size).toBe(13);
  });

  it('moves Easter, Pentecost and Corpus Christi with Easter each year', () => {
    // Easter Sunday 2027 is 28 March: Monday after it, Pentecost 49 days and Corpus Christi 60 days on.
    const holidays = publicHolidaysIn(2027);
    for (const day of ['2027-03-28', '2027-03-29', '2027-05-16', '2027-05-27']) expect(holidays.has(day)).toBe(true);
    expect(holidays.has('2027-04-05')).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it('is a weekday that is no public holiday', () => {
    expect(isWorkingDay('2026-12-23')).toBe(true); // Wednesday
    expect(isWorkingDay('2026-12-24')).toBe(false); // Thursday, Christmas Eve
    expect(isWorkingDay('2024-12-24')).toBe(true); // Tuesday, before the law changed
    expect(isWorkingDay('2026-12-26')).toBe(false); // Saturday and a holiday
    expect(isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(isWorkingDay('2027-01-03')).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
  });

  it('counts the days the package lists as school, optional or observance days as working days', () => {
    expect(isWorkingDay('2026-04-03')).toBe(true); // Good Friday
    expect(isWorkingDay('2025-05-02')).toBe(true); // Flag Day, a Friday
    expect(isWorkingDay('2026-05-26')).toBe(true); // Mother's Day
  });

  it('refuses what is not a calendar day', () => {
    expect(() => isWorkingDay('2026-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('24.12.2026')).toThrow(RangeError);
  });
});

describe('workingDayAfter', () => {
  it('counts working days from the day after, skipping weekends and holidays', () => {
    expect(workingDayAfter('2026-12-22', 1)).toBe('2026-12-23');
    expect(workingDayAfter('2026-12-22', 2)).toBe('2026-12-28');
    expect(workingDayAfter('2026-12-30', 2)).toBe('2027-01-04'); // 31 Dec, then New Year and a weekend
  });

  it('leaves out the starting day whether or not it is a working day', () => {
    expect(workingDayAfter('2026-05-01', 1)).toBe('2026-05-04'); // from a holiday on a Friday
    expect(workingDayAfter('2026-05-04', 1)).toBe('2026-05-05'); // from a Monday
  });

  it('refuses a count that is not a positive whole number', () => {
    for (const count of [0, -1, 1.5, Number.NaN])
      expect(() => workingDayAfter('2026-05-04', count)).toThrow(RangeError);
  });

  it('lands on the n-th working day: n working days in between, the last of them the answer', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: 1, max: 25 }), (day, count) => {
        const answer = workingDayAfter(day, count);
        const between = daysAfterUpTo(day, answer);
        expect(between.filter(isWorkingDay)).toHaveLength(count);
        expect(isWorkingDay(answer)).toBe(true);
      }),
    );
  });
});

describe('termEndingOn (art. 115 of the Civil Code)', () => {
  it('keeps a working day and moves a day off to the next working day', () => {
    expect(termEndingOn('2027-01-21')).toBe('2027-01-21'); // Thursday
    expect(termEndingOn('2026-05-30')).toBe('2026-06-01'); // Saturday → Monday
    expect(termEndingOn('2025-01-19')).toBe('2025-01-20'); // Sunday → Monday
    expect(termEndingOn('2026-11-11')).toBe('2026-11-12'); // Independence Day, a Wednesday
    expect(termEndingOn('2026-05-01')).toBe('2026-05-04'); // Friday holiday, Saturday, Sunday holiday
  });

  it('ends on the first working day on or after the last day, every day in between being a day off', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        const end = termEndingOn(day);
        expect(isWorkingDay(end)).toBe(true);
        expect(end >= day).toBe(true);
        expect([day, ...daysAfterUpTo(day, end)].slice(0, -1).some(isWorkingDay)).toBe(false);
      }),
    );
  });
});
