// The counter's forms for a client's rights to premises (issue #21): linking by the premises'
// code (as the accounting system and the residents' papers name it) and ending on a last day.
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { RIGHT_KINDS } from '../housing.types.ts';

const day = (message: string) =>
  z
    .string(message)
    .trim()
    .refine((value) => parseCalendarDay(value) !== undefined, message);

export const linkRightForm = z.object({
  code: z
    .string('housing:rights.codeMissing')
    .trim()
    .min(1, 'housing:rights.codeMissing')
    .max(50, 'housing:rights.codeTooLong'),
  kind: z.enum(RIGHT_KINDS, 'housing:rights.kindMissing'),
  validFrom: day('housing:form.invalidDate'),
});

export const endRightForm = z.object({
  lastDay: day('housing:form.invalidDate'),
});
