// The resident's choices on a premises' pages, read from the query (GET forms: choosing a day
// or a period changes nothing, and a chosen page can be bookmarked). A blank day means the
// page's default; what is typed must be a day, or the page says which field is wrong.
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';

const blank = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const day = blank.pipe(
  z
    .string()
    .refine((value) => parseCalendarDay(value) !== undefined, 'housing:form.invalidDate')
    .optional(),
);

export const balanceForm = z.object({ date: day });

export const turnoverForm = z
  .object({
    from: day,
    to: day,
    title: blank.pipe(z.string().max(100, 'housing:form.titleTooLong').optional()),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    path: ['to'],
    message: 'housing:form.toBeforeFrom',
  });

export type TurnoverForm = z.infer<typeof turnoverForm>;
