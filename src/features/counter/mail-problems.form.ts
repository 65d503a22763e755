// The mail problems page's filters, read from its query (a GET form: filtering changes nothing
// and a filtered page can be linked): the state, blank for both, and the cursor of an "older"
// link. What is not one of them is said on the page, never sent to the database.
import { z } from 'zod';
import { MAIL_PROBLEM_STATES } from '../../platform/mail/mail-problems.ts';

const blank = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

export const mailProblemsFilter = z.object({
  state: blank.pipe(z.enum(MAIL_PROBLEM_STATES, 'adminMail:filters.invalidState').optional()),
  after: blank.pipe(z.string().max(100).optional()),
});

/** What a resend's redirect tells the page: the outcome, and for a held-back mail the minutes to wait. */
export const resendNotice = z.object({
  done: z.enum([
    'resent',
    'alreadyResent',
    'notResendable',
    'throttled',
    'accountActive',
    'accountGone',
    'addressChanged',
    'signedInSince',
    'superseded',
  ]),
  wait: z.coerce.number().int().min(1).max(1440).optional(),
});
