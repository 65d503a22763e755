import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../db/tenant-transaction.ts';
import { listFrontDesks, type FrontDesk, type OpeningInterval } from './front-desks.repo.ts';

export type { FrontDesk };

export function frontDesksOf(db: Knex, tenantId: TenantId): Promise<FrontDesk[]> {
  return withTenant(db, tenantId, (trx) => listFrontDesks(trx));
}

export interface WeekdayHours {
  weekday: number;
  intervals: OpeningInterval[];
}

/** Monday to Sunday, each with its intervals (empty: closed), for an opening-hours table. */
export function weekOf(hours: OpeningInterval[]): WeekdayHours[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    intervals: hours.filter((interval) => interval.weekday === weekday),
  }));
}

export interface OpenState {
  open: boolean;
  /** While open: closing time of the current interval (HH:MM, the desk's wall clock). */
  until?: string;
}

/** The weekday (1 = Monday) and HH:MM on the wall clock of a time zone at an instant. */
export function wallClock(instant: Date, timeZone: string): { weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { weekday, time: `${part('hour')}:${part('minute')}` };
}

/** Whether a desk is open at an instant, read on the tenant's wall clock (DST included). */
export function openStateAt(hours: OpeningInterval[], instant: Date, timeZone: string): OpenState {
  const { weekday, time } = wallClock(instant, timeZone);
  const current = hours.find((h) => h.weekday === weekday && h.opens <= time && time < h.closes);
  return current ? { open: true, until: current.closes } : { open: false };
}
