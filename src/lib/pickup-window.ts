// When a city transport e-card may be picked up (issue #23, source document 001): "no earlier
// than 5 working days and no later than 30 days after submission". The portal shows the window,
// and a worker job lapses an application whose window has passed, so both ends must be exact
// calendar days, read the same way by the page, the job and the clerk.
//
// How the words are read (both worked examples of the issue hold only under this reading):
// - "after submission": the day of submission is never counted, whatever day it is (art. 111
//   § 2 of the Civil Code); which day that is, is the caller's question: the calendar day of
//   the submission instant in the tenant's time zone (calendarDayIn).
// - "no earlier than 5 working days": the first day of pickup is the 5th working day after the
//   submission day (working-days.ts: not a Saturday, Sunday or public holiday). Submitted on
//   Tuesday 2026-12-22: 23 Dec is the 1st, 24–27 Dec are days off, 28, 29 and 30 Dec the 2nd to
//   4th, so pickup opens on Thursday 2026-12-31. Had "5 working days" meant five whole working
//   days passing first, it would open on 4 January, which the issue does not say.
// - "no later than 30 days": the 30th calendar day after the submission day is the last one
//   (2026-12-22 → 2027-01-21); when it is a day off, the window ends on the next working day
//   instead (art. 115 of the Civil Code): 2026-04-30 + 30 is Saturday 2026-05-30, so that
//   window ends on Monday 2026-06-01.
// Both ends are days on which pickup is allowed; the window has lapsed from the day after `until`.
import { calendarDayAfter } from './zoned-date.ts';
import { termEndingOn, workingDayAfter } from './working-days.ts';

export const PICKUP_EARLIEST_WORKING_DAYS = 5;
export const PICKUP_LATEST_DAYS = 30;

export interface PickupWindow {
  /** The first day the card may be picked up (YYYY-MM-DD), a working day. */
  from: string;
  /** The last day the card may be picked up (YYYY-MM-DD), a working day. */
  until: string;
}

/** The pickup window of an application submitted on the calendar day `submittedOn` (YYYY-MM-DD). */
export function pickupWindow(submittedOn: string): PickupWindow {
  return {
    from: workingDayAfter(submittedOn, PICKUP_EARLIEST_WORKING_DAYS),
    until: termEndingOn(calendarDayAfter(submittedOn, PICKUP_LATEST_DAYS)),
  };
}
