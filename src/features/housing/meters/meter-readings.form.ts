// A meter's reading as staff record it (issue #21): the meter (its kind and the number on its
// plate), the day it was read, what it showed (up to three decimals), and whether it is the
// first reading of a new meter put in the place of the old one.
import { z } from 'zod';
import { typedDay, typedQuantity } from '../desk/typed-fields.ts';
import { METER_KINDS } from './meter-readings.types.ts';

export const readingForm = z.object({
  kind: z.enum(METER_KINDS, 'meters:form.kindMissing'),
  meterNumber: z
    .string('meters:form.numberMissing')
    .trim()
    .min(1, 'meters:form.numberMissing')
    .max(30, 'meters:form.numberTooLong'),
  readOn: typedDay,
  value: typedQuantity,
  replacement: z
    .literal('yes')
    .optional()
    .transform((ticked) => ticked === 'yes'),
});
