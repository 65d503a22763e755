// The controllable clock of request tests that keep a browser signed in. It starts at the
// current minute, never at a fixed date: the browser (supertest's cookie jar, like a real one)
// judges a cookie's Expires by the real time, and the portal dates that expiry from its clock,
// so a clock fixed in the past has every session cookie dropped as expired once the real date
// passes it. Expected dates in assertions are worked out from the clock with the helpers below.
import { controllableClock, type ControllableClock } from '../../src/lib/clock.ts';

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function clockStartingNow(): ControllableClock {
  const start = new Date();
  start.setUTCSeconds(0, 0);
  return controllableClock(start);
}

/** `offset` milliseconds from the clock's present, as a Date (negative: in the past). */
export function fromNow(clock: ControllableClock, offset: number): Date {
  return new Date(clock.now().getTime() + offset);
}

const WARSAW = 'Europe/Warsaw';

/** The calendar date in Warsaw, YYYY-MM-DD (file names). */
export function warsawIsoDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: WARSAW, dateStyle: 'short' }).format(instant);
}

/** "23 November 2026", as an English page or mail shows the day of an instant in Warsaw. */
export function warsawEnglishDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: WARSAW, dateStyle: 'long' }).format(instant);
}

/** "23 November 2026 at 11:01", as an English page shows an instant in Warsaw. */
export function warsawEnglishDateTime(instant: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: WARSAW,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${warsawEnglishDate(instant)} at ${time}`;
}
