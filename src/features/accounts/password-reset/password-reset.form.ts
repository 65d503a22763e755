// The "forgot password" forms (issue #6). The identifier is taken as on the sign-in page (an
// e-mail address or a login, trimmed); the new password exactly as typed, checked against the
// tenant's policy by newPasswordErrors.
import { z } from 'zod';
import { identifierField } from '../sign-in/sign-in.form.ts';

export const forgotPasswordForm = z.object({
  identifier: identifierField,
});

/**
 * The new-password form. It never fails: a missing or malformed token is an unknown link (the
 * 410 page), and the password is checked by the route, where the account's personal data is known.
 */
export const resetPasswordForm = z.object({
  token: z.string().max(100).catch(''),
  password: z.string().catch(''),
  passwordConfirmation: z.string().catch(''),
});
