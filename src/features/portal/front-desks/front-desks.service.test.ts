import { describe, expect, it } from 'vitest';
import { openStateAt, wallClock } from './front-desks.service.ts';

const hours = [
  { weekday: 1, opens: '07:00', closes: '15:00' },
  { weekday: 1, opens: '16:00', closes: '18:00' },
  { weekday: 6, opens: '09:00', closes: '13:00' },
];

describe('openStateAt', () => {
  it('reads the desk hours on the tenant wall clock, not the server one', () => {
    // Monday 2026-11-23 06:30 UTC is 07:30 in Warsaw (CET) and in Prague.
    expect(openStateAt(hours, new Date('2026-11-23T06:30:00Z'), 'Europe/Warsaw')).toEqual({
      open: true,
      until: '15:00',
    });
    // 05:30 UTC is 06:30 local: not yet open.
    expect(openStateAt(hours, new Date('2026-11-23T05:30:00Z'), 'Europe/Warsaw')).toEqual({ open: false });
  });

  it('treats the closing minute as closed and gaps between intervals as closed', () => {
    expect(openStateAt(hours, new Date('2026-11-23T14:00:00Z'), 'Europe/Warsaw').open).toBe(false); // 15:00
    expect(openStateAt(hours, new Date('2026-11-23T14:30:00Z'), 'Europe/Warsaw').open).toBe(false); // 15:30
    expect(openStateAt(hours, new Date('2026-11-23T15:00:00Z'), 'Europe/Warsaw')).toEqual({
      open: true,
      until: '18:00',
    });
  });

  it('follows summer time', () => {
    // Saturday 2026-07-04 07:30 UTC is 09:30 in Warsaw (CEST).
    expect(wallClock(new Date('2026-07-04T07:30:00Z'), 'Europe/Warsaw')).toEqual({ weekday: 6, time: '09:30' });
    expect(openStateAt(hours, new Date('2026-07-04T07:30:00Z'), 'Europe/Warsaw').open).toBe(true);
    // Sunday: no hours at all.
    expect(openStateAt(hours, new Date('2026-07-05T09:00:00Z'), 'Europe/Warsaw').open).toBe(false);
  });
});
