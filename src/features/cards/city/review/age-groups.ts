// The holder's age groups the review queue filters by (issue #23): the ages at which the e-card's
// rules change (under 13 a representative applies on the holder's behalf, 13–17 with consent,
// 18–69 alone, 70+ the senior's discount of the operator's tariff). A group is a range of birth
// dates on the tenant's today, so the database filters the column as it is, by the same reading
// of the Civil Code as ageOn() (lib/pesel.ts): a person is N from the start of their birthday,
// and someone born on 29 February is N on 28 February of a common year.
import { isLeapYear } from '../../../../lib/pesel.ts';
import { parseCalendarDay } from '../../../../lib/zoned-date.ts';

export const AGE_GROUPS = ['under13', 'from13to17', 'from18to69', 'from70'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Each group's ages in completed years: from, and up to but not including (undefined: no end). */
const AGES: Readonly<Record<AgeGroup, [number, number | undefined]>> = {
  under13: [0, 13],
  from13to17: [13, 18],
  from18to69: [18, 70],
  from70: [70, undefined],
};

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The last birth date of someone at least `age` on `today` (YYYY-MM-DD): the same day `age`
 * years before, 28 February standing in for a 29th that year lacks, and 29 February for 28
 * February of a common year when that earlier year had one (its people are `age` from the 28th).
 */
export function lastBirthDateAtAge(today: string, age: number): string {
  const { year, month, day } = parseCalendarDay(today)!;
  const born = year - age;
  if (month === 2 && day === 29 && !isLeapYear(born)) return iso(born, 2, 28);
  if (month === 2 && day === 28 && !isLeapYear(year) && isLeapYear(born)) return iso(born, 2, 29);
  return iso(born, month, day);
}

/** The birth dates of the group on `today`: after `after` (exclusive) and up to `upTo` (inclusive). */
export function birthDatesOf(group: AgeGroup, today: string): { after?: string; upTo: string } {
  const [from, until] = AGES[group];
  return {
    upTo: lastBirthDateAtAge(today, from),
    ...(until === undefined ? {} : { after: lastBirthDateAtAge(today, until) }),
  };
}
