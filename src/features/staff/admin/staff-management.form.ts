// The forms of the managers' staff pages. A member is named by the id in the path
// (staffIdParam: anything but a UUID is a 404, never a query that fails); the forms carry only
// what the manager chooses.
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/locales.ts';
import { emailAddress, personName } from '../../accounts/index.ts';
import { STAFF_ROLES } from '../policy.ts';

export const inviteForm = z.object({
  email: emailAddress,
  // Optional: a blank field is no name, and the list shows the address.
  name: z
    .string()
    .trim()
    .transform((name) => (name === '' ? undefined : name))
    .pipe(personName.optional()),
  role: z.enum(STAFF_ROLES, 'adminStaff:invite.chooseRole'),
  locale: z.enum(SUPPORTED_LOCALES, 'adminStaff:invite.chooseLanguage'),
});

export const roleForm = z.object({ role: z.enum(STAFF_ROLES, 'adminStaff:invite.chooseRole') });

export const disableForm = z.object({ confirmDisable: z.literal('yes', 'adminStaff:disable.confirmRequired') });

/** The member a path names: a UUID, in lower case as the database writes it, else nothing. */
export function staffIdParam(value: unknown): string | undefined {
  const parsed = z.uuid().safeParse(value);
  return parsed.success ? parsed.data.toLowerCase() : undefined;
}
