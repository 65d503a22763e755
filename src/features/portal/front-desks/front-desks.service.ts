import type { Knex } from 'knex';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { listFrontDesks, type FrontDesk, type OpeningInterval } from './front-desks.repo.ts';

export type { FrontDesk };

/**
 * Each tenant's front desks, read once per tenant object of the registry. The registry makes
 * new tenant objects on every reload: when front desks change (replaceFrontDesks notifies
 * tenants_changed), after its listening connection comes back, and
 * once a minute in any case. So a public page (the home page, the statements) reads the
 * desks from memory instead of a transaction of three round trips per view, and shows a
 * change within moments, or a minute at worst. The desks are frozen: every page shares them.
 */
const desksByTenant = new WeakMap<Tenant, Promise<readonly FrontDesk[]>>();

export function frontDesksOf(deps: { db: Knex }, { tenant }: ServiceContext): Promise<readonly FrontDesk[]> {
  let desks = desksByTenant.get(tenant);
  if (!desks) {
    desks = withTenant(deps.db, tenant.id, (trx) => listFrontDesks(trx)).then(frozenDesks);
    desksByTenant.set(tenant, desks);
    // A failed read (the database away for a moment) is not remembered: the next view tries again.
    desks.catch(() => {
      if (desksByTenant.get(tenant) === desks) desksByTenant.delete(tenant);
    });
  }
  return desks;
}

function frozenDesks(desks: FrontDesk[]): readonly FrontDesk[] {
  for (const desk of desks) {
    for (const interval of desk.hours) Object.freeze(interval);
    Object.freeze(desk.hours);
    Object.freeze(desk);
  }
  return Object.freeze(desks);
}

export interface FrontDeskOnPage extends FrontDesk {
  week: WeekdayHours[];
  now: OpenState;
}

/** The tenant's desks as pages show them: each with its week of hours and whether it is open at `instant`. */
export async function frontDesksAt(
  deps: { db: Knex },
  context: ServiceContext,
  instant: Date,
): Promise<FrontDeskOnPage[]> {
  return (await frontDesksOf(deps, context)).map((desk) => ({
    ...desk,
    week: weekOf(desk.hours),
    now: openStateAt(desk.hours, instant, context.tenant.timeZone),
  }));
}

export interface WeekdayHours {
  weekday: number;
  intervals: OpeningInterval[];
}

/** Monday to Sunday, each with its intervals (empty: closed), for an opening-hours table. */
function weekOf(hours: readonly OpeningInterval[]): WeekdayHours[] {
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

// Constructing an Intl.DateTimeFormat costs far more than formatting with one (it was a tenth
// of a tenant home page's CPU), and a formatter is safe to share: one per time zone.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The weekday (1 = Monday) and HH:MM on the wall clock of a time zone at an instant. */
export function wallClock(instant: Date, timeZone: string): { weekday: number; time: string } {
  const parts = wallClockFormat(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { weekday, time: `${part('hour')}:${part('minute')}` };
}

/** Whether a desk is open at an instant, read on the tenant's wall clock (DST included). */
export function openStateAt(hours: readonly OpeningInterval[], instant: Date, timeZone: string): OpenState {
  const { weekday, time } = wallClock(instant, timeZone);
  const current = hours.find((h) => h.weekday === weekday && h.opens <= time && time < h.closes);
  return current ? { open: true, until: current.closes } : { open: false };
}
