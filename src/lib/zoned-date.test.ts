import { describe, expect, it } from 'vitest';
import { parseCalendarDay, startOfDayIn } from './zoned-date.ts';

describe('startOfDayIn', () => {
  it('gives the instant a day begins in the zone, in winter and in summer time', () => {
    expect(startOfDayIn('Europe/Warsaw', '2026-12-03').toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(startOfDayIn('Europe/Warsaw', '2026-07-03').toISOString()).toBe('2026-07-02T22:00:00.000Z');
    expect(startOfDayIn('UTC', '2026-07-03').toISOString()).toBe('2026-07-03T00:00:00.000Z');
    expect(startOfDayIn('America/New_York', '2026-01-15').toISOString()).toBe('2026-01-15T05:00:00.000Z');
  });

  it('counts the days after, across a change of offset', () => {
    // Summer time ends in Warsaw on 25 October 2026: that day has 25 hours.
    const start = startOfDayIn('Europe/Warsaw', '2026-10-25');
    const next = startOfDayIn('Europe/Warsaw', '2026-10-25', 1);
    expect(start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(next.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfDayIn('Europe/Warsaw', '2026-12-31', 1).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('refuses what is not a day', () => {
    expect(parseCalendarDay('2026-02-30')).toBeUndefined();
    expect(parseCalendarDay('3.12.2026')).toBeUndefined();
    expect(parseCalendarDay('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(() => startOfDayIn('UTC', 'tomorrow')).toThrow(RangeError);
  });
});
