// Storing a password the client chose (a change, a reset, the first change of a start
// password): the start password, any lockout and the links mailed before it are gone with it,
// and the owner is told by mail, so a change they did not make does not go unnoticed. Ending
// the other sessions is the caller's (it knows which session is the client's own). An account
// without an e-mail address (a login from the counter) gets no notice, and the caller must not
// say one was sent: hence the answer.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { PASSWORD_CHANGED_MAIL } from '../mails.ts';
import { setPassword } from '../clients/clients.repo.ts';
import { voidOpenTokens } from '../clients/account-tokens.ts';

export async function storeNewPassword(
  trx: Knex.Transaction,
  outbox: MailOutbox,
  client: Pick<ClientProfile, 'id' | 'firstName' | 'email' | 'preferredLocale'>,
  passwordHash: string,
  now: Date,
): Promise<{ noticeQueued: boolean }> {
  await setPassword(trx, client.id, passwordHash, now);
  // A link sent before the change must not outlive it: an e-mail change asked for by whoever knew
  // the old password would otherwise still hand them the account, and so would a reset link.
  await voidOpenTokens(trx, client.id, now, ['email_change', 'password_reset']);
  if (!client.email) return { noticeQueued: false };
  const notice = await outbox.enqueue(trx, {
    template: PASSWORD_CHANGED_MAIL,
    to: client.email,
    locale: client.preferredLocale,
    userId: client.id,
    params: { firstName: client.firstName },
    idempotencyKey: `password-changed:${client.id}:${randomUUID()}`,
  });
  // A notice the throttle held back was not sent either.
  return { noticeQueued: notice.status === 'queued' };
}
