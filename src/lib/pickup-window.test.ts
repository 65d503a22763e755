import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDayAfter } from './zoned-date.ts';
import { pickupWindow } from './pickup-window.ts';

// Each expected window below is counted by hand, with the weekdays and holidays written out.
describe('pickupWindow', () => {
  it('holds the worked examples of issue #23', () => {
    // Tue 22 Dec: 23 Dec is the 1st working day, 24–27 Dec days off, 28–31 Dec the 2nd–5th.
    // 22 Dec + 30 days is Thursday 21 January, a working day.
    expect(pickupWindow('2026-12-22')).toEqual({ from: '2026-12-31', until: '2027-01-21' });
    // Thu 30 Apr: 1 May (Friday) and 2–3 May (weekend) off, 4–8 May the 1st–5th;
    // 30 Apr + 30 days is Saturday 30 May, so the window ends on Monday 1 June.
    expect(pickupWindow('2026-04-30')).toEqual({ from: '2026-05-08', until: '2026-06-01' });
  });

  it('skips Easter Monday, which moves with Easter', () => {
    // Easter 2026 is 5 April: Thu 2 and Fri 3 (Good Friday works), 4–6 off, 7–9 April.
    // 1 Apr + 30 is 1 May, a Friday holiday; 2 May Saturday, 3 May a Sunday holiday → 4 May.
    expect(pickupWindow('2026-04-01')).toEqual({ from: '2026-04-09', until: '2026-05-04' });
    // Easter 2027 is 28 March: Thu 25, Fri 26, 27–29 off, 30 and 31 March, Thu 1 April.
    expect(pickupWindow('2027-03-24')).toEqual({ from: '2027-04-01', until: '2027-04-23' });
  });

  it('skips Corpus Christi, sixty days after Easter', () => {
    // Thu 4 June 2026 is Corpus Christi: 29 May, 1–3 June, then Fri 5 June; 27 June is a Saturday.
    expect(pickupWindow('2026-05-28')).toEqual({ from: '2026-06-05', until: '2026-06-29' });
  });

  it('moves a last day on a Saturday, a Sunday or a holiday to the next working day', () => {
    expect(pickupWindow('2028-02-10').until).toBe('2028-03-13'); // Saturday 11 March 2028
    expect(pickupWindow('2024-12-20').until).toBe('2025-01-20'); // Sunday 19 January 2025
    expect(pickupWindow('2026-10-12').until).toBe('2026-11-12'); // Independence Day, Wednesday
  });

  it('counts 29 February in a leap year and not in a common one', () => {
    // 30 Jan + 30 days: 29 February 2028 (a Tuesday) against 1 March 2027.
    expect(pickupWindow('2028-01-30')).toEqual({ from: '2028-02-04', until: '2028-02-29' });
    expect(pickupWindow('2027-01-30')).toEqual({ from: '2027-02-05', until: '2027-03-01' });
    // Thu 24 Feb 2028: Fri 25, Mon 28, Tue 29 Feb, Wed 1 and Thu 2 March; 25 March is a Saturday.
    expect(pickupWindow('2028-02-24')).toEqual({ from: '2028-03-02', until: '2028-03-27' });
  });

  it('takes 24 December as a day off from 2025 on, and as a working day in 2024', () => {
    // 2024: Mon 23 and Tue 24 Dec are the 1st and 2nd, Fri 27, Mon 30 and Tue 31 the rest.
    expect(pickupWindow('2024-12-20').from).toBe('2024-12-31');
    // 2025: Tue 23 Dec, then 24–28 off, 29–31 Dec, New Year off, Fri 2 January.
    expect(pickupWindow('2025-12-22')).toEqual({ from: '2026-01-02', until: '2026-01-21' });
    // A last day on 24 December: Wed 2025 → Mon 29 (25–28 off); Thu 2026 → Mon 28 (25–27 off).
    expect(pickupWindow('2025-11-24')).toEqual({ from: '2025-12-01', until: '2025-12-29' });
    expect(pickupWindow('2026-11-24')).toEqual({ from: '2026-12-01', until: '2026-12-28' });
  });

  it('never counts the day of submission, even a day off', () => {
    // Submitted online on Sunday 3 May (a holiday): the same window as from Thursday 30 April.
    expect(pickupWindow('2026-05-03')).toEqual({ from: '2026-05-08', until: '2026-06-02' });
    // Submitted on Christmas Eve 2026: 28–31 Dec, New Year and a weekend, Mon 4 January.
    expect(pickupWindow('2026-12-24')).toEqual({ from: '2027-01-04', until: '2027-01-25' });
  });

  it('refuses what is not a calendar day', () => {
    expect(() => pickupWindow('2026-02-29')).toThrow(RangeError);
    expect(() => pickupWindow('')).toThrow(RangeError);
  });

  // Five working days take at least five calendar days (Sunday to Friday); the longest run of
  // days off is five (Wednesday 24 to Sunday 28 December), so the window closes 30 to 35 days on.
  it('opens at least 5 days after submission and closes 30 to 35 days after it', () => {
    const day = fc
      .date({ min: new Date(Date.UTC(2024, 0, 1)), max: new Date(Date.UTC(2035, 11, 31)), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (submitted) => {
        const { from, until } = pickupWindow(submitted);
        expect(from >= calendarDayAfter(submitted, 5)).toBe(true);
        expect(until >= calendarDayAfter(submitted, 30)).toBe(true);
        expect(until <= calendarDayAfter(submitted, 35)).toBe(true);
        expect(from < until).toBe(true);
      }),
    );
  });
});
