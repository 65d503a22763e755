// The staff's premises pages' forms (issue #21): a search by the premises' code (a GET form),
// and a charge posted by hand on one of the premises' funds.
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { typedAmount } from '../../money/index.ts';
import { FUNDS } from '../housing.types.ts';

export const premisesSearchForm = z.object({
  code: z
    .string()
    .trim()
    .max(50, 'housing:rights.codeTooLong')
    .optional()
    .transform((value) => value ?? ''),
});

const day = z
  .string('housing:form.invalidDate')
  .trim()
  .refine((value) => parseCalendarDay(value) !== undefined, 'housing:form.invalidDate');

export const handChargeForm = z
  .object({
    fund: z.enum(FUNDS, 'housing:desk.charge.fundMissing'),
    title: z
      .string('housing:desk.charge.titleMissing')
      .trim()
      .min(1, 'housing:desk.charge.titleMissing')
      .max(200, 'housing:desk.charge.titleTooLong'),
    amount: typedAmount,
    bookedOn: day,
    dueOn: day,
  })
  .refine(({ bookedOn, dueOn }) => dueOn >= bookedOn, {
    path: ['dueOn'],
    message: 'housing:desk.charge.dueBeforeBooked',
  });
