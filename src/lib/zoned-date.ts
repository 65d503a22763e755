// The instant a calendar day begins in a time zone: what a filter "from 3 December" means to a
// manager in Warsaw is 2026-12-02T23:00Z, not midnight UTC. Intl knows each zone's offsets, so
// the offset at the guessed instant is read and the guess corrected once more (a change of
// offset falls between the two reads only on a day whose midnight moves, which the second read
// settles).

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD, or undefined (2026-02-30 is no day). */
export function parseCalendarDay(text: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DAY.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** The calendar day `days` after the day (YYYY-MM-DD): calendar arithmetic, untouched by clock changes. */
export function calendarDayAfter(isoDay: string, days: number): string {
  const parsed = parseCalendarDay(isoDay);
  if (!parsed) throw new RangeError(`not a calendar day: ${isoDay}`);
  return new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day + days)).toISOString().slice(0, 10);
}

/** The instant the day (YYYY-MM-DD) begins in the time zone; `days` later for the day after. */
export function startOfDayIn(timeZone: string, isoDay: string, days = 0): Date {
  const parsed = parseCalendarDay(isoDay);
  if (!parsed) throw new RangeError(`not a calendar day: ${isoDay}`);
  const midnightUtc = Date.UTC(parsed.year, parsed.month - 1, parsed.day + days);
  const guess = midnightUtc - offsetAt(timeZone, midnightUtc);
  return new Date(midnightUtc - offsetAt(timeZone, guess));
}

// One per time zone: making an Intl.DateTimeFormat costs far more than using one, and today's
// date is asked for on hot paths (every premises page, every payment notification).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in the time zone: a booking's date. */
export function calendarDayIn(timeZone: string, instant: Date): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes a date as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}
