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
