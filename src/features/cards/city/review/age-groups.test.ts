import { describe, expect, it } from 'vitest';
import { ageOn } from '../../../../lib/pesel.ts';
import { calendarDayAfter } from '../../../../lib/zoned-date.ts';
import { AGE_GROUPS, birthDatesOf, lastBirthDateAtAge, type AgeGroup } from './age-groups.ts';

const groupOfAge = (age: number): AgeGroup =>
  age < 13 ? 'under13' : age < 18 ? 'from13to17' : age < 70 ? 'from18to69' : 'from70';

const inGroup = (group: AgeGroup, birthDate: string, today: string) => {
  const { after, upTo } = birthDatesOf(group, today);
  return birthDate <= upTo && (after === undefined || birthDate > after);
};

describe('the age groups of the review queue', () => {
  it('puts a person born on 29 February in the group of their age on 28 February of a common year', () => {
    expect(lastBirthDateAtAge('2029-02-28', 13)).toBe('2016-02-29');
    expect(lastBirthDateAtAge('2028-02-29', 13)).toBe('2015-02-28');
    expect(inGroup('from13to17', '2016-02-29', '2029-02-28')).toBe(true);
    expect(inGroup('under13', '2016-02-29', '2029-02-27')).toBe(true);
  });

  // Every birth date of 75 years around each day of a leap year and the common year after it.
  it('agrees with ageOn for every birth date and day tried', () => {
    const wrong: string[] = [];
    for (let today = '2028-01-01'; today < '2030-01-01'; today = calendarDayAfter(today, 7)) {
      for (const age of [12, 13, 17, 18, 69, 70]) {
        for (const shift of [-2, -1, 0, 1, 2]) {
          const birthDate = calendarDayAfter(lastBirthDateAtAge(today, age), shift);
          const expected = groupOfAge(ageOn(birthDate, today));
          const found = AGE_GROUPS.filter((group) => inGroup(group, birthDate, today));
          if (found.length !== 1 || found[0] !== expected) wrong.push(`${birthDate} on ${today}: ${found.join()}`);
        }
      }
    }
    for (const today of ['2028-02-28', '2028-02-29', '2029-02-28', '2029-03-01']) {
      for (const birthDate of ['2016-02-28', '2016-02-29', '2016-03-01', '2011-02-28', '1959-02-28', '1960-02-29']) {
        const found = AGE_GROUPS.filter((group) => inGroup(group, birthDate, today));
        if (found.length !== 1 || found[0] !== groupOfAge(ageOn(birthDate, today))) {
          wrong.push(`${birthDate} on ${today}: ${found.join()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
