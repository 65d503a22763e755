// What the payments services are built with, and the small rules they share.
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';
import { calendarDateIn } from '../../lib/pesel.ts';
import type { AccountPayer, CreditFollowUp } from '../../platform/feature.ts';
import type { PaymentProviders } from './payment-provider.ts';

export interface PaymentsDeps {
  db: Knex;
  clock: Clock;
  providers: PaymentProviders;
  publicUrl: string;
  /** Who may pay accounts held by others than the client (a premises' right holders). */
  accountPayers: readonly AccountPayer[];
  /** What the features do once an account of a holder they keep is paid (a card's fee). */
  creditFollowUps: readonly CreditFollowUp[];
}

/** An intent not paid within this long was abandoned: the expiry job closes it. */
export const INTENT_LIFETIME_MS = 30 * 60_000;

/** Today's date (YYYY-MM-DD) on the tenant's wall clock: what a payment is booked on. */
export function todayIn(timeZone: string, now: Date): string {
  const { year, month, day } = calendarDateIn(timeZone, now);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
