// Working days in Poland, for terms the portal sets and shows (the e-card's pickup window,
// issue #23, and later deadlines): a working day is neither a Saturday, nor a Sunday, nor a
// public holiday of the Act of 18 January 1951 on days off work, which since 2025 lists
// 24 December too. Saturday is counted as a day off because art. 115 of the Civil Code does:
// "if the end of a term for doing something falls on a statutory day off or on a Saturday, the
// term ends on the next day that is neither a day off nor a Saturday".
//
// The holidays come from date-holidays (its 'public' type for PL: fixed days, and Easter,
// Pentecost and Corpus Christi, which move with Easter). Version 3.37.0 already knows 24
// December from 2025 on (working-days.test.ts pins the full list against the statute, so an
// upgrade that changes it fails there rather than moving someone's deadline).
//
// Days are calendar days written YYYY-MM-DD, as in zoned-date.ts: which day an instant falls on
// is the caller's question (calendarDayIn with the tenant's time zone), so nothing here
// depends on the machine's clock or time zone.
import Holidays from 'date-holidays';
import { calendarDayAfter, parseCalendarDay } from './zoned-date.ts';

// Only 'public' holidays: the package also lists observances (Mother's Day), optional and school
// days (Good Friday), none of which is a day off.
const POLAND = new Holidays('PL', { types: ['public'] });

// One set per year asked for: getHolidays evaluates every rule of the country each time.
const holidaysByYear = new Map<number, ReadonlySet<string>>();

/** Poland's public holidays in a year, as YYYY-MM-DD (Sundays among them, e.g. Easter). */
export function publicHolidaysIn(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    // `date` is the local day and time, "2026-12-24 00:00:00": the day is its first ten characters.
    days = new Set(POLAND.getHolidays(year).map((holiday) => holiday.date.slice(0, 10)));
    holidaysByYear.set(year, days);
  }
  return days;
}

function dayParts(isoDay: string): { year: number; weekday: number } {
  const parsed = parseCalendarDay(isoDay);
  if (!parsed) throw new RangeError(`not a calendar day: ${isoDay}`);
  return { year: parsed.year, weekday: new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)).getUTCDay() };
}

/** Whether the day is a working day: not a Saturday, a Sunday or a public holiday. */
export function isWorkingDay(isoDay: string): boolean {
  const { year, weekday } = dayParts(isoDay);
  return weekday !== 0 && weekday !== 6 && !publicHolidaysIn(year).has(isoDay);
}

/**
 * The `count`-th working day after the day: the day itself is not counted (art. 111 § 2 of the
 * Civil Code: a term in days that starts with an event leaves the event's day out), whether or not it
 * is a working day. workingDayAfter('2026-12-22', 1) is 2026-12-23, ('2026-12-22', 2) is
 * 2026-12-28 (24–27 December are days off).
 */
export function workingDayAfter(isoDay: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  let day = isoDay;
  for (let counted = 0; counted < count;) {
    day = calendarDayAfter(day, 1);
    if (isWorkingDay(day)) counted++;
  }
  return day;
}

/**
 * The day a term really ends when its last day is `lastDay` (art. 115 of the Civil Code):
 * that day if it is a working day, otherwise the next working day.
 */
export function termEndingOn(lastDay: string): string {
  let day = lastDay;
  while (!isWorkingDay(day)) day = calendarDayAfter(day, 1);
  return day;
}
