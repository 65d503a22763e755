// The fields the staff's premises forms share (issue #21): a day, an amount of money in złote
// ("12,34" or "12.34", lib/money.ts) as integer grosze, with or without zero allowed, and a
// quantity off a meter or a settlement ("142,350", lib/quantity.ts) as integer thousandths.
// Each says what is wrong at its field, in the housingDesk namespace.
import { z } from 'zod';
import { parseAmount } from '../../../lib/money.ts';
import { parseThousandths } from '../../../lib/quantity.ts';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';

export const typedDay = z
  .string('housing:form.invalidDate')
  .trim()
  .refine((value) => parseCalendarDay(value) !== undefined, 'housing:form.invalidDate');

/**
 * Whether `later` is not before `earlier`, for a form's check across two days; true while either
 * is no day yet, as each field then says so itself (zod runs an object's checks after a field's
 * own refinement failed).
 */
export const notBefore = (later: string, earlier: string): boolean =>
  parseCalendarDay(later) === undefined || parseCalendarDay(earlier) === undefined || later >= earlier;

const ZERO = /^0+(?:[.,]0*)?$/;

/** Grosze from what was typed; zero only where `zero` allows it (advances that were never paid). */
export const typedMoney = ({ zero }: { zero: boolean }) =>
  z.string('housingDesk:money.empty').transform((typed, context) => {
    if (zero && ZERO.test(typed.trim())) return 0;
    const parsed = parseAmount(typed);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: `housingDesk:money.${parsed.problem}` });
      return z.NEVER;
    }
    return parsed.minor;
  });

/** Thousandths of a unit (m³, GJ) from what was typed; zero is a quantity. */
export const typedQuantity = z.string('housingDesk:quantity.empty').transform((typed, context) => {
  const parsed = parseThousandths(typed);
  if (!parsed.ok) {
    context.addIssue({ code: 'custom', message: `housingDesk:quantity.${parsed.problem}` });
    return z.NEVER;
  }
  return parsed.thousandths;
});

/** A title of up to 200 characters, as the tables take it. */
export const typedTitle = z
  .string('housingDesk:title.missing')
  .trim()
  .min(1, 'housingDesk:title.missing')
  .max(200, 'housingDesk:title.tooLong');
