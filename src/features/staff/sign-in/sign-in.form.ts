// The staff sign-in forms: the e-mail and password, then the code. The password is taken as
// typed; the code trimmed, its shape judged by the service (six digits or a recovery code).
import { z } from 'zod';
import { MAX_PASSWORD_BYTES } from '../../../platform/crypto/password-hash.ts';

/** A page of the staff section to return to (relative to /admin); anything else is dropped. */
const adminReturnPath = z
  .string()
  .regex(/^\/[A-Za-z0-9/_-]{1,200}$/)
  .refine((path) => !path.startsWith('//'))
  .optional()
  .catch(undefined);

export function safeAdminPath(value: unknown): string | undefined {
  return adminReturnPath.parse(value);
}

export const staffSignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .refine((value) => value.isWellFormed() && /^[^\s@]+@[^\s@]+$/.test(value), 'validation:invalidEmail'),
  password: z
    .string()
    .min(1)
    .refine(
      (value) => value.isWellFormed() && Buffer.byteLength(value.normalize('NFC'), 'utf8') <= MAX_PASSWORD_BYTES,
      'validation:invalid',
    ),
  next: adminReturnPath,
});

export const codeForm = z.object({
  code: z.string().trim().min(1).max(64, 'admin:code.malformed'),
});

/** A password set from a link. It never fails here: a bad token is a dead link, the password is judged by the rules. */
export const setPasswordForm = z.object({
  token: z.string().max(100).catch(''),
  password: z.string().catch(''),
  passwordConfirmation: z.string().catch(''),
});
