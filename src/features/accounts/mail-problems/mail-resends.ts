// The accounts' dead mails sent again from the staff's mail problems page (issue #19): the
// activation link and the password reset link, each made anew with a fresh link (issueToken
// voids the older once the new one is queued) for the client as they are now. A mail whose
// cause no longer holds is not sent: the account is active by now, the client is gone, their
// address is another one (a correction goes through the counter's activation link page, which
// sets the address), or they have signed in since a reset link was asked for. The notices
// (password changed, account locked, …) are not sent again: they told of a moment that has
// passed, and their content is erased.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { MailOutbox, QueueOutcome } from '../../../platform/mail/outbox.ts';
import type { DeadMail, MailResend, ResendOutcome, StaleReason } from '../../../platform/mail/resend.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import { ACTIVATABLE_STATUSES } from '../clients/clients.repo.ts';
import { ACTIVATION_MAIL, PASSWORD_RESET_MAIL } from '../mails.ts';
import { RESETTABLE, sendResetLink } from '../password-reset/password-reset.service.ts';
import { sendActivationLink } from '../registration/registration.service.ts';

interface ResendDeps {
  clock: Clock;
  outbox: MailOutbox;
}

interface Recipient {
  id: string;
  status: string;
  first_name: string;
  email: string | null;
  preferred_locale: Locale;
}

/** Statuses of an account someone can sign in to: an activation link for one is late. */
const ACCOUNT_STATUSES: ReadonlySet<string> = new Set(['active', 'issued', 'locked']);

/** The client the dead mail was for, locked until the resend commits; undefined if gone. */
async function recipientOf(trx: Knex.Transaction, mail: DeadMail): Promise<Recipient | undefined> {
  if (!mail.userId) return undefined;
  return tenantRows(trx, 'clients')
    .where({ id: mail.userId })
    .forUpdate()
    .first('id', 'status', 'first_name', 'email', 'preferred_locale');
}

const stale = (reason: StaleReason): ResendOutcome => ({ kind: 'stale', reason });

function resent(outcome: QueueOutcome): ResendOutcome {
  if (outcome.status === 'dropped') return { kind: 'throttled', retryAfterMs: outcome.retryAfterMs };
  return { kind: 'queued', mailId: outcome.id };
}

/** The address on record is still the one the dead mail was for (case aside). */
const sameAddress = (client: Recipient, mail: DeadMail) => client.email?.toLowerCase() === mail.recipient.toLowerCase();

export function accountMailResends(deps: ResendDeps): MailResend[] {
  return [
    {
      template: ACTIVATION_MAIL.name,
      action: 'clients.sendActivationLink',
      async resend(trx, { tenant, mail, idempotencyKey }) {
        const client = await recipientOf(trx, mail);
        if (!client) return stale('accountGone');
        if (!(ACTIVATABLE_STATUSES as readonly string[]).includes(client.status)) {
          return stale(ACCOUNT_STATUSES.has(client.status) ? 'accountActive' : 'accountGone');
        }
        if (!sameAddress(client, mail)) return stale('addressChanged');
        const now = deps.clock.now();
        const to = { ...client, email: mail.recipient };
        return resent(await sendActivationLink(trx, deps, { tenant, client: to, now, idempotencyKey }));
      },
    },
    {
      template: PASSWORD_RESET_MAIL.name,
      action: 'mails.resend',
      async resend(trx, { tenant, mail, idempotencyKey }) {
        const client = await recipientOf(trx, mail);
        if (!client || !RESETTABLE.has(client.status)) return stale('accountGone');
        if (!sameAddress(client, mail)) return stale('addressChanged');
        const signedIn = await tenantRows(trx, 'sign_in_events')
          .where({ client_id: client.id, outcome: 'success' })
          .where('occurred_at', '>', mail.createdAt)
          .first('id');
        if (signedIn) return stale('signedInSince');
        const now = deps.clock.now();
        const to = { ...client, email: mail.recipient };
        return resent(await sendResetLink(trx, deps, tenant, to, now, idempotencyKey));
      },
    },
  ];
}
