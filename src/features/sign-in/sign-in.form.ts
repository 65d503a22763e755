// The sign-in form. The password is taken exactly as typed (never trimmed); the identifier is
// an e-mail address or a login, trimmed.
import { z } from 'zod';

/** A path inside the tenant to return to after signing in; anything else is dropped. */
const returnPath = z
  .string()
  .regex(/^\/[A-Za-z0-9/_-]{0,200}$/)
  .refine((path) => !path.startsWith('//'))
  .optional()
  .catch(undefined);

export const signInForm = z.object({
  identifier: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  next: returnPath,
});

export function safeReturnPath(value: unknown): string | undefined {
  return returnPath.parse(value);
}
