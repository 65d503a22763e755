// The profile's forms (issue #6): the preferred language, a change of e-mail address, and the
// confirm button of the link mailed to the new address.
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/locales.ts';
import { emailAddress } from '../registration/registration.form.ts';

export const languageForm = z.object({
  locale: z.enum(SUPPORTED_LOCALES, 'profile:language.choose'),
});

export const emailChangeForm = z.object({
  newEmail: emailAddress,
  // Checked against the hash by the service, exactly as typed (nothing trimmed).
  password: z.string().min(1, 'profile:email.passwordRequired').max(1024),
});

/** The confirm button's form: a missing or malformed token is an unknown link, never an error. */
export const emailConfirmForm = z.object({
  token: z.string().max(100).catch(''),
});
