// A dead mail sent again (the staff's mail problems page, issue #19). A dead mail's content is
// erased when it is given up (mail-worker.ts), any link in it with it, so it cannot be sent
// again as it was: the feature that owns its template makes it anew from what is on record now
// (a fresh link where it carried one, the old link voided), or says why it is no longer needed.
// A feature hands its resends to the platform in its manifest (feature.ts, mailResends); a
// template without one is not sent again.
import type { Knex } from 'knex';
import type { Locale } from '../i18n/locales.ts';
import type { Tenant } from '../tenancy/tenant.ts';

/** What is left of a dead mail: its metadata, never its content. */
export interface DeadMail {
  id: string;
  template: string;
  recipient: string;
  /** The client or member of staff it concerned, if any. */
  userId: string | null;
  locale: Locale;
  createdAt: Date;
}

/** Why a dead mail is not sent again: what it was for no longer holds. */
export const STALE_REASONS = [
  /** The account it would activate is active now. */
  'accountActive',
  /** The person is gone, closed, deactivated: nobody to send it to. */
  'accountGone',
  /** The address on record is another one now: the mail would go where it does not belong. */
  'addressChanged',
  /** The person has signed in since: the password link is not needed. */
  'signedInSince',
  /** A newer mail of the same kind went to them since (platform/mail/mail-problems.ts). */
  'superseded',
] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export type ResendOutcome =
  | { kind: 'queued'; mailId: string }
  | { kind: 'stale'; reason: StaleReason }
  /** Held back by the template's throttle: nothing changed; another try after `retryAfterMs`. */
  | { kind: 'throttled'; retryAfterMs: number };

export interface MailResend {
  /** The template it sends again (the name of a MailTemplate of the same feature). */
  template: string;
  /**
   * The staff action sending it amounts to, for the policy: a link to a client's account is
   * the counter's ('clients.sendActivationLink'), a staff member's link a manager's.
   */
  action: string;
  /**
   * In a transaction of the mail's tenant: checks that the mail's cause still holds, issues a
   * fresh link where it carried one (voiding the old), and queues the mail under
   * `idempotencyKey`. The caller has made sure the mail was not sent again already.
   */
  resend(
    trx: Knex.Transaction,
    request: { tenant: Tenant; mail: DeadMail; idempotencyKey: string },
  ): Promise<ResendOutcome>;
}
