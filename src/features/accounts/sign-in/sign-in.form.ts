// The sign-in form. The password is taken exactly as typed (never trimmed); the identifier is
// an e-mail address or a login, trimmed.
import { z } from 'zod';
import { MAX_PASSWORD_BYTES } from '../../../platform/crypto/password-hash.ts';

/** A path inside the tenant to return to after signing in; anything else is dropped. */
const returnPath = z
  .string()
  .regex(/^\/[A-Za-z0-9/_-]{0,200}$/)
  .refine((path) => !path.startsWith('//'))
  .optional()
  .catch(undefined);

/**
 * An e-mail address or a login, refused before any look-up when it could be neither (control
 * characters, which PostgreSQL would not even take), so every account gets the same answer.
 */
export const identifierField = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .refine((value) => value.isWellFormed() && !/\p{Cc}/u.test(value), 'validation:invalid');

/** A password as typed; longer than any password can be is refused before any look-up too. */
export const passwordField = z
  .string()
  .min(1)
  .refine(
    (value) => value.isWellFormed() && Buffer.byteLength(value.normalize('NFC'), 'utf8') <= MAX_PASSWORD_BYTES,
    'validation:invalid',
  );

export const signInForm = z.object({
  identifier: identifierField,
  password: passwordField,
  next: returnPath,
});

export function safeReturnPath(value: unknown): string | undefined {
  return returnPath.parse(value);
}
