// A staff link mailed in the transaction that issued it (STYLE.md: mail is queued with the
// change it belongs to), so a rolled-back invitation sends nothing and a committed one is
// sure to go. The operator's commands print the link instead and never come here.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Locale } from '../../platform/i18n/locales.ts';
import type { MailOutbox, QueueOutcome } from '../../platform/mail/outbox.ts';
import { STAFF_INVITATION_MAIL, STAFF_PASSWORD_RESET_MAIL } from './mails.ts';
import { staffLinkPath } from './staff-links.ts';
import type { StaffTokenPurpose } from './staff-tokens.ts';

const HOUR_MS = 60 * 60_000;

export interface StaffLinkMail {
  staff: { id: string; email: string };
  purpose: StaffTokenPurpose;
  token: string;
  lifetimeMs: number;
  locale: Locale;
  /** A mail sent again from the mail problems page names the dead one; any other link is its own event. */
  idempotencyKey?: string;
}

/** What the outbox did with the link's mail: held back by the template's throttle, it is 'dropped'. */
export async function mailStaffLink(
  trx: Knex.Transaction,
  outbox: MailOutbox | undefined,
  { staff, purpose, token, lifetimeMs, locale, idempotencyKey }: StaffLinkMail,
): Promise<QueueOutcome> {
  if (!outbox) throw new Error('a staff link is mailed through the outbox, and none was given');
  const path = staffLinkPath(purpose, token);
  const common = { to: staff.email, locale, userId: staff.id };
  // Each link is its own event with its own mail; the outbox throttles the address.
  idempotencyKey ??= `staff-${purpose}:${staff.id}:${randomUUID()}`;
  return purpose === 'invitation'
    ? outbox.enqueue(trx, {
        ...common,
        template: STAFF_INVITATION_MAIL,
        params: { path, validDays: Math.round(lifetimeMs / (24 * HOUR_MS)) },
        idempotencyKey,
      })
    : outbox.enqueue(trx, {
        ...common,
        template: STAFF_PASSWORD_RESET_MAIL,
        params: { path, validHours: Math.round(lifetimeMs / HOUR_MS) },
        idempotencyKey,
      });
}
