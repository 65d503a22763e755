// The mails the accounts send (views/emails/<name>.*.ejs; subjects in the `mail` namespace).
import { z } from 'zod';
import { DEFAULT_THROTTLE, defineMail, oneLine, TOKEN } from '../../platform/mail/templates.ts';

/** The link that activates a self-registered account. */
export const ACTIVATION_MAIL = defineMail(
  'activation',
  z.object({ firstName: oneLine, token: TOKEN, validHours: z.number().int() }),
  DEFAULT_THROTTLE,
);

/** To an address already registered, when someone registers with it again. */
export const REGISTRATION_ATTEMPT_MAIL = defineMail('registration-attempt', z.object({}), {
  perMinute: 1,
  perDay: 3,
});

/** To the owner, when repeated wrong passwords lock the account for a while. */
export const ACCOUNT_LOCKED_MAIL = defineMail(
  'account-locked',
  z.object({ firstName: oneLine, lockMinutes: z.number().int() }),
  // At most one a day, however often the account is locked.
  { perMinute: 1, perDay: 1 },
);

/** The "forgot password" link. */
export const PASSWORD_RESET_MAIL = defineMail(
  'password-reset',
  z.object({ firstName: oneLine, token: TOKEN, validMinutes: z.number().int() }),
  DEFAULT_THROTTLE,
);

/** After a reset or a change: the password changed and every other session ended. */
export const PASSWORD_CHANGED_MAIL = defineMail('password-changed', z.object({ firstName: oneLine }), {
  perMinute: 5,
  perDay: 20,
});

/** The link that confirms a new address, sent to the new address. */
export const EMAIL_CHANGE_MAIL = defineMail(
  'email-change',
  z.object({ firstName: oneLine, token: TOKEN, validHours: z.number().int() }),
  DEFAULT_THROTTLE,
);

/**
 * In place of the link, to an address another account already holds: no name, no link. Its
 * throttle is the link's, so the requester meets the same limits whichever address it is.
 */
export const EMAIL_CHANGE_IN_USE_MAIL = defineMail('email-change-in-use', z.object({}), DEFAULT_THROTTLE);

/** To the old address, when a change to another address is asked for. */
export const EMAIL_CHANGE_NOTICE_MAIL = defineMail(
  'email-change-notice',
  z.object({ firstName: oneLine, newEmailMasked: oneLine }),
  DEFAULT_THROTTLE,
);

/** Confirms that the client closed the account, and when the data goes. */
export const ACCOUNT_CLOSED_MAIL = defineMail(
  'account-closed',
  z.object({ firstName: oneLine, anonymiseOn: oneLine.optional() }),
  { perMinute: 1, perDay: 3 },
);

export const ACCOUNT_MAILS = [
  ACTIVATION_MAIL,
  REGISTRATION_ATTEMPT_MAIL,
  ACCOUNT_LOCKED_MAIL,
  PASSWORD_RESET_MAIL,
  PASSWORD_CHANGED_MAIL,
  EMAIL_CHANGE_MAIL,
  EMAIL_CHANGE_IN_USE_MAIL,
  EMAIL_CHANGE_NOTICE_MAIL,
  ACCOUNT_CLOSED_MAIL,
] as const;
