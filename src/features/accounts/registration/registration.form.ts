// The registration forms' schemas (issue #5). Messages that are i18n keys ('pesel:checksum',
// 'registration:…') are translated by readForm; the others come from the validation namespace.
import { z } from 'zod';
import { parsePesel, PESEL_MESSAGE_KEYS, type Pesel } from '../../../lib/pesel.ts';
import type { TenantSettings } from '../../../platform/tenancy/tenant.ts';

// C0/C1 controls and the bidirectional overrides and isolates, which can make a name read
// differently in a mail than it was typed.
const CONTROL_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const NAME = /^\p{L}[\p{L}\p{M} .'’-]*$/u;

/** A person's first or last name: letters and what names are written with, nothing that reads as a link. */
export const personName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => name.isWellFormed() && !CONTROL_CHARACTERS.test(name), 'registration:errors.controlCharacters')
  // Letters and what names are written with: the name goes into the activation mail sent to
  // whatever address was typed, so it must not carry a link or a message of its own.
  .refine((name) => NAME.test(name), 'registration:errors.nameCharacters');

/** An e-mail address, trimmed, its domain in lower case (the local part is the owner's to decide). */
export const emailAddress = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .pipe(z.email())
  .transform((email) => {
    const at = email.lastIndexOf('@');
    return email.slice(0, at) + email.slice(at).toLowerCase();
  });

/** A PESEL read by parsePesel, its rejection as the message; surrounding spaces are dropped. */
const peselField = ({ optional }: { optional: boolean }) =>
  z
    .string()
    .trim()
    .transform((input, context): Pesel | undefined => {
      if (input === '' && optional) return undefined;
      if (input === '') {
        context.addIssue({ code: 'custom', message: 'validation:required' });
        return z.NEVER;
      }
      const parsed = parsePesel(input);
      if (parsed.ok) return parsed.pesel;
      context.addIssue({ code: 'custom', message: PESEL_MESSAGE_KEYS[parsed.reason] });
      return z.NEVER;
    });

/** The PESEL field as the tenant's rule asks for it, or none where the tenant does not collect it. */
export function nationalIdField(nationalId: TenantSettings['nationalId']) {
  if (nationalId === 'none') return undefined;
  return nationalId === 'optional' ? peselField({ optional: true }).optional() : peselField({ optional: false });
}

/**
 * The registration form as the tenant's settings shape it: exactly the fields its page shows.
 * Without a PESEL field there is no `pesel` key at all: a key in a zod 4 object is required
 * unless its schema is optional, and a page that never shows the field never sends it.
 */
export function registrationForm(nationalId: TenantSettings['nationalId']) {
  const names = { firstName: personName, lastName: personName, email: emailAddress };
  // A checkbox sends its value only when ticked.
  const consent = { accept: z.literal('yes', 'registration:errors.acceptRequired') };
  // In the page's order, which the error summary follows.
  const pesel = nationalIdField(nationalId);
  if (!pesel) return z.object({ ...names, ...consent });
  return z.object({ ...names, pesel, ...consent });
}

export const resendForm = z.object({ email: emailAddress });

/**
 * The set-password form. It never fails: a missing or malformed token is an unknown link, and
 * the password is checked against the tenant's policy by the route (checkPassword), exactly
 * as typed: nothing trimmed.
 */
export const activationForm = z.object({
  token: z.string().max(100).catch(''),
  password: z.string().catch(''),
  passwordConfirmation: z.string().catch(''),
});
