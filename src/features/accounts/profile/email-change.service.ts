// Changing the e-mail address (issue #6): asked for while signed in, with the current password;
// confirmed by a link mailed to the new address, which works without a session (the link is the
// proof of the mailbox); the old address is told, with the new one masked.
//
// An address another account of the tenant already holds is not refused when the change is
// asked for: the signed-in requester would learn that the address has an account here. They see
// and are mailed exactly what a free address gets them, and a link is issued as for one, but the
// address's owner gets a notice without a link or the requester's name instead of the link.
// An address taken only after its link went out is refused when the link is confirmed.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { verifyPassword } from '../../../platform/crypto/password-hash.ts';
import { consumeToken, inspectToken, issueToken, voidOpenTokens } from '../clients/account-tokens.ts';
import { lockIfUnchanged, signedInClientProfile, type ClientProfile } from '../clients/client-profile.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { maskEmail } from './mask-email.ts';
import type { ProfileDeps } from './profile.service.ts';
import { EMAIL_CHANGE_IN_USE_MAIL, EMAIL_CHANGE_MAIL, EMAIL_CHANGE_NOTICE_MAIL } from '../mails.ts';
import { CHANGEABLE_STATUSES, dropExpiredRegistration, setEmail } from '../clients/clients.repo.ts';
import { isUniqueViolation } from '../../../platform/db/unique-violation.ts';

export const EMAIL_CHANGE_LINK_HOURS = 24;
const HOUR_MS = 3_600_000;
/** Accounts whose address may change; a closing or locked one keeps what it has. */

export type EmailChangeRequest =
  | { kind: 'sent' }
  | { kind: 'same_as_current' }
  | { kind: 'wrong_password' }
  /** The mail throttle of the new address held the link back (a link went there a moment ago). */
  | { kind: 'held_back'; retryAfterMs: number }
  | { kind: 'gone' };

/** Asked for by the signed-in client, with their password: the link goes to the new address. */
export async function requestEmailChange(
  deps: ProfileDeps,
  context: ServiceContext,
  { newEmail, password }: { newEmail: string; password: string },
): Promise<EmailChangeRequest> {
  const { tenant } = context;
  const client = await signedInClientProfile(deps, context);
  if (!client?.passwordHash) return { kind: 'gone' };
  if (client.email?.toLowerCase() === newEmail.toLowerCase()) return { kind: 'same_as_current' };
  if (!(await verifyPassword(client.passwordHash, password)).ok) return { kind: 'wrong_password' };

  return withTenant(deps.db, tenant.id, async (trx) => {
    const locked = await lockIfUnchanged(trx, { ...deps, tenant }, client);
    if (!locked) return { kind: 'gone' as const };
    return sendEmailChangeLink(trx, deps, locked, newEmail);
  });
}

/**
 * The link to the new address (or, when another account holds it, the notice to its owner) and,
 * if that was queued, the notice to the old address.
 */
async function sendEmailChangeLink(
  trx: Knex.Transaction,
  { outbox, clock }: Pick<ProfileDeps, 'outbox' | 'clock'>,
  client: ClientProfile,
  newEmail: string,
): Promise<Extract<EmailChangeRequest, { kind: 'sent' | 'held_back' }>> {
  const now = clock.now();
  const event = randomUUID();
  const lifetime = {
    clientId: client.id,
    purpose: 'email_change' as const,
    newEmail,
    lifetimeMs: EMAIL_CHANGE_LINK_HOURS * HOUR_MS,
    now,
  };
  const holder = await addressHolder(trx, newEmail, client.id, now);
  let retryAfterMs = 0;
  const token = await issueToken(trx, lifetime, async (newToken) => {
    const queued = holder
      ? await outbox.enqueue(trx, {
          template: EMAIL_CHANGE_IN_USE_MAIL,
          to: holder.email,
          locale: holder.preferred_locale,
          userId: holder.id,
          params: {},
          idempotencyKey: `email-change-in-use:${holder.id}:${event}`,
        })
      : await outbox.enqueue(trx, {
          template: EMAIL_CHANGE_MAIL,
          to: newEmail,
          locale: client.preferredLocale,
          userId: client.id,
          params: { firstName: client.firstName, token: newToken, validHours: EMAIL_CHANGE_LINK_HOURS },
          idempotencyKey: `email-change:${client.id}:${event}`,
        });
    if (queued.status === 'dropped') retryAfterMs = queued.retryAfterMs;
    return queued.status !== 'dropped';
  });
  if (token === undefined) return { kind: 'held_back', retryAfterMs };
  if (client.email) {
    await outbox.enqueue(trx, {
      template: EMAIL_CHANGE_NOTICE_MAIL,
      to: client.email,
      locale: client.preferredLocale,
      userId: client.id,
      params: { firstName: client.firstName, newEmailMasked: maskEmail(newEmail) },
      idempotencyKey: `email-change-notice:${client.id}:${event}`,
    });
  }
  return { kind: 'sent' };
}

export type EmailChangeLink = { kind: 'valid'; newEmail: string } | { kind: 'invalid' } | { kind: 'taken' };

/** What the link leads to, changing nothing (a mail scanner may fetch it). */
export function checkEmailChangeLink(
  deps: ProfileDeps,
  { tenant }: ServiceContext,
  token: string,
): Promise<EmailChangeLink> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const link = await inspectToken(trx, { token, purpose: 'email_change', now: deps.clock.now() });
    if ('problem' in link || !link.newEmail) return { kind: 'invalid' as const };
    const client = await tenantRows(trx, 'clients')
      .where({ id: link.clientId })
      .whereIn('status', CHANGEABLE_STATUSES)
      .first('id');
    if (!client) return { kind: 'invalid' as const };
    const holder = await addressHolder(trx, link.newEmail, link.clientId, deps.clock.now());
    return holder ? { kind: 'taken' as const } : { kind: 'valid' as const, newEmail: link.newEmail };
  });
}

/** Another account of the tenant with this address; a registration past its expiry holds none. */
async function addressHolder(
  trx: Knex.Transaction,
  email: string,
  clientId: string,
  now: Date,
): Promise<{ id: string; email: string; preferred_locale: Locale } | undefined> {
  return tenantRows(trx, 'clients')
    .where({ email_key: email.toLowerCase() })
    .whereNot({ id: clientId })
    .where((query) => query.whereNot({ status: 'pending_activation' }).orWhere('registration_expires_at', '>', now))
    .first('id', 'email', 'preferred_locale');
}

export type EmailChangeConfirmation = { kind: 'changed'; newEmail: string } | { kind: 'invalid' } | { kind: 'taken' };

/**
 * Uses the link up and sets the address. If another account holds it by now, nothing changes
 * but the link is used all the same: trying again cannot succeed, and a new link is one form away.
 */
export function confirmEmailChange(
  deps: ProfileDeps,
  { tenant }: ServiceContext,
  token: string,
): Promise<EmailChangeConfirmation> {
  const now = deps.clock.now();
  return withTenant(deps.db, tenant.id, async (trx) => {
    const link = await consumeToken(trx, { token, purpose: 'email_change', now });
    if ('problem' in link || !link.newEmail) return { kind: 'invalid' as const };
    const { clientId, newEmail } = link;
    // As registration does: an expired registration no longer holds its address.
    await dropExpiredRegistration(trx, newEmail, now);
    let updated: boolean;
    try {
      // In a savepoint, so the token stays used when the address turns out to be taken.
      updated = await setEmail(trx, clientId, newEmail);
    } catch (error) {
      if (isUniqueViolation(error)) return { kind: 'taken' as const };
      throw error;
    }
    if (!updated) return { kind: 'invalid' as const };
    // A password reset link sent to the old address must not outlive the change.
    await voidOpenTokens(trx, clientId, now, ['password_reset']);
    return { kind: 'changed' as const, newEmail };
  });
}
