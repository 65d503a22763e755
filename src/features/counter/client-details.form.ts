// The fields a clerk fills in about a client (issue #19), shared by the new client's form and
// the correction of a client's details: an optional text field, and the phone number.
import { z } from 'zod';
import { normalisePhone } from '../../lib/phone.ts';
import { SUPPORTED_LOCALES } from '../../platform/i18n/locales.ts';
import { personName } from '../accounts/index.ts';

/** A text field left empty is no value. */
export const blankless = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z
    .string()
    .trim()
    .transform((text) => (text === '' ? undefined : text))
    .pipe(schema.optional());

/** A phone number as typed, kept normalised (lib/phone.ts); empty is none. */
export const phoneNumber = blankless(
  z
    .string()
    .max(30)
    .transform((typed, context) => {
      const phone = normalisePhone(typed);
      if (!phone) context.addIssue({ code: 'custom', message: 'adminClients:details.phoneFormat' });
      return phone ?? z.NEVER;
    }),
);

export const clientDetailsForm = z.object({
  firstName: personName,
  lastName: personName,
  phone: phoneNumber,
  locale: z.enum(SUPPORTED_LOCALES, 'adminClients:new.chooseLanguage'),
  /** The version of the details the form was filled from (client-details.service.ts). */
  version: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});
