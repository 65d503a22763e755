// Every mail the portal can send: its parameters (checked when it is queued, so a mail that
// could never render is refused in the request that asked for it, not found out by the worker)
// and its per-recipient throttle. Views: views/emails/<name>.html.ejs and <name>.text.ejs;
// subject: the `mail` namespace, key `<name>.subject`.
import { z } from 'zod';

export interface Throttle {
  /** Mails of this template to one address within a minute. */
  perMinute: number;
  /** … and within a day. */
  perDay: number;
}

/** What most mails need: one per minute is enough for a person to ask again, a handful a day. */
export const DEFAULT_THROTTLE: Throttle = { perMinute: 1, perDay: 5 };

// Header-bound text (subjects) must not carry line breaks; the worker strips them again.
const oneLine = z
  .string()
  .max(200)
  .regex(/^[^\r\n]*$/, 'must be one line');

/** A single-use link's token: 32 random bytes, base64url. */
const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const MAIL_TEMPLATES = {
  /** Sent by an operator (`okienko mail:test`) to check that mail leaves and arrives. */
  'mail-check': {
    params: z.object({ note: oneLine.default('') }),
    throttle: { perMinute: 1, perDay: 20 },
  },
  /** The link that activates a self-registered account (issue #5). */
  activation: {
    params: z.object({
      firstName: oneLine,
      token: TOKEN,
      validHours: z.number().int(),
    }),
    throttle: DEFAULT_THROTTLE,
  },
  /** To an address already registered, when someone registers with it again. */
  'registration-attempt': {
    params: z.object({}),
    throttle: { perMinute: 1, perDay: 3 },
  },
  /** To the owner, when repeated wrong passwords lock the account for a while (issue #6). */
  'account-locked': {
    params: z.object({ firstName: oneLine, lockMinutes: z.number().int() }),
    // At most one a day, however often the account is locked.
    throttle: { perMinute: 1, perDay: 1 },
  },
  /** The "forgot password" link. */
  'password-reset': {
    params: z.object({ firstName: oneLine, token: TOKEN, validMinutes: z.number().int() }),
    throttle: DEFAULT_THROTTLE,
  },
  /** After a reset or a change: the password changed and every other session ended. */
  'password-changed': {
    params: z.object({ firstName: oneLine }),
    throttle: { perMinute: 5, perDay: 20 },
  },
  /** The link that confirms a new address, sent to the new address. */
  'email-change': {
    params: z.object({ firstName: oneLine, token: TOKEN, validHours: z.number().int() }),
    throttle: DEFAULT_THROTTLE,
  },
  /** To the old address, when a change to another address is asked for. */
  'email-change-notice': {
    params: z.object({ firstName: oneLine, newEmailMasked: oneLine }),
    throttle: DEFAULT_THROTTLE,
  },
  /**
   * In place of the link, to an address another account already holds: no name, no link. Its
   * throttle is the link's, so the requester meets the same limits whichever address it is.
   */
  'email-change-in-use': {
    params: z.object({}),
    throttle: DEFAULT_THROTTLE,
  },
  /** Confirms that the client closed the account, and when the data goes. */
  'account-closed': {
    params: z.object({ firstName: oneLine, anonymiseOn: oneLine.optional() }),
    throttle: { perMinute: 1, perDay: 3 },
  },
} as const satisfies Record<string, { params: z.ZodType; throttle: Throttle }>;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailParams<N extends MailTemplateName> = z.input<(typeof MAIL_TEMPLATES)[N]['params']>;

export function isMailTemplateName(value: string): value is MailTemplateName {
  return Object.hasOwn(MAIL_TEMPLATES, value);
}
