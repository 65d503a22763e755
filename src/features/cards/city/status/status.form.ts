// The status check's form (issue #23): the application's reference as the applicant was told it
// (XXXX-XXXX; any case, with or without the hyphen, spaces where they were copied in) and the
// holder's PESEL. What the form checks is only the shape, which says nothing about any
// application; a PESEL of 11 digits that is no PESEL (its date or check digit wrong) is left to
// the look-up, which answers it exactly as it answers a pair that matches nothing.
import { z } from 'zod';

/** The reference as stored: upper case, the hyphen after four; undefined for what cannot be one. */
export function normalisedReference(typed: unknown): string | undefined {
  if (typeof typed !== 'string' || typed.length > 40) return undefined;
  const letters = typed.toUpperCase().replace(/[\s\-‐‑–—]/g, '');
  return /^[0-9A-Z]{8}$/.test(letters) ? `${letters.slice(0, 4)}-${letters.slice(4)}` : undefined;
}

export const statusForm = z.object({
  reference: z
    .string()
    .trim()
    .min(1, 'cards:status.referenceMissing')
    .transform((typed, context) => {
      const reference = normalisedReference(typed);
      if (!reference) context.addIssue({ code: 'custom', message: 'cards:status.referenceInvalid' });
      return reference ?? z.NEVER;
    }),
  pesel: z
    .string()
    .transform((typed) => typed.replace(/\s/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'cards:status.peselMissing')
        .regex(/^[0-9]{11}$/, 'pesel:length'),
    ),
});
