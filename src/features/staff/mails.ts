// The mails the staff context sends (views/emails/<name>.*.ejs; subjects in the `mail`
// namespace): a new member's invitation and a password link a manager hands out. Each carries
// the link's path inside the tenant (staffLinkPath), which the renderer makes absolute with the
// portal's public URL as it does every mail's link, so the mailed link is the one
// invitationLink/staffLink give the operator's commands.
import { z } from 'zod';
import { DEFAULT_THROTTLE, defineMail } from '../../platform/mail/templates.ts';
import { STAFF_LINK_PATH } from './staff-links.ts';

// No name in either: a member of staff may have none on file, and the greeting is the same for all.
const path = z.string().regex(STAFF_LINK_PATH);

/** To a new member of staff: set a password and enrol TOTP. Resent by a manager while unused. */
export const STAFF_INVITATION_MAIL = defineMail(
  'staff-invitation',
  z.object({ path, validDays: z.number().int().positive() }),
  DEFAULT_THROTTLE,
);

/** A new password's link, which a manager asked for on a member's behalf. */
export const STAFF_PASSWORD_RESET_MAIL = defineMail(
  'staff-password-reset',
  z.object({ path, validHours: z.number().int().positive() }),
  DEFAULT_THROTTLE,
);

export const STAFF_MAILS = [STAFF_INVITATION_MAIL, STAFF_PASSWORD_RESET_MAIL] as const;
