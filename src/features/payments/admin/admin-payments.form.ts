// The staff's payments filters, read from the query (GET forms: filtering changes nothing, and a
// filtered page, report or CSV can be linked). Every field may be blank; what is typed must be
// what it says, or the page says which field is wrong instead of asking the database.
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { INTENT_STATES } from '../payment-intents.repo.ts';

const blank = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const day = (message: string) =>
  blank.pipe(
    z
      .string()
      .refine((value) => parseCalendarDay(value) !== undefined, message)
      .optional(),
  );

export const paymentsFilterForm = z
  .object({
    state: blank.pipe(z.enum(INTENT_STATES, 'adminPayments:filters.invalidState').optional()),
    provider: blank.pipe(
      z
        .string()
        .regex(/^[a-z0-9-]{1,30}$/, 'adminPayments:filters.invalidProvider')
        .optional(),
    ),
    from: day('adminPayments:filters.invalidDate'),
    to: day('adminPayments:filters.invalidDate'),
    after: blank.pipe(z.string().max(100).optional()),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    path: ['to'],
    message: 'adminPayments:filters.toBeforeFrom',
  });

export type PaymentsFilterForm = z.infer<typeof paymentsFilterForm>;

export const PAYMENTS_FILTER_FIELDS = ['state', 'provider', 'from', 'to'] as const;

/** The reconciliation report's day; blank is today. */
export const reconciliationForm = z.object({
  date: day('adminPayments:reconciliation.invalidDate'),
});
