// A staff link mailed in the transaction that issued it (STYLE.md: mail is queued with the
// change it belongs to), so a rolled-back invitation sends nothing and a committed one is
// sure to go. The operator's commands print the link instead and never come here.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Locale } from '../../platform/i18n/locales.ts';
import type { MailOutbox } from '../../platform/mail/outbox.ts';
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
}

/** Queued: true; held back by the template's throttle (too many to this address): false. */
export async function mailStaffLink(
  trx: Knex.Transaction,
  outbox: MailOutbox | undefined,
  { staff, purpose, token, lifetimeMs, locale }: StaffLinkMail,
): Promise<boolean> {
  if (!outbox) throw new Error('a staff link is mailed through the outbox, and none was given');
  const path = staffLinkPath(purpose, token);
  const common = { to: staff.email, locale, userId: staff.id };
  // Each link is its own event with its own mail; the outbox throttles the address.
  const idempotencyKey = `staff-${purpose}:${staff.id}:${randomUUID()}`;
  const queued =
    purpose === 'invitation'
      ? await outbox.enqueue(trx, {
          ...common,
          template: STAFF_INVITATION_MAIL,
          params: { path, validDays: Math.round(lifetimeMs / (24 * HOUR_MS)) },
          idempotencyKey,
        })
      : await outbox.enqueue(trx, {
          ...common,
          template: STAFF_PASSWORD_RESET_MAIL,
          params: { path, validHours: Math.round(lifetimeMs / HOUR_MS) },
          idempotencyKey,
        });
  return queued.status !== 'dropped';
}
