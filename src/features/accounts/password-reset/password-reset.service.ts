// "Forgot password" (issue #6, flow 3). Asking for a link answers the same whatever the
// identifier names: an account with an e-mail address gets a single-use reset link, a
// registration never activated gets a fresh activation link instead, and anything else
// (unknown, an account without an e-mail, a closed one) gets nothing. Following the link sets
// a new password, which clears a start password and any lockout and ends every session of
// the account.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, withTenantEvenly, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { Clock } from '../../../lib/clock.ts';
import { hashPassword } from '../../../platform/crypto/password-hash.ts';
import type { MailOutbox, QueueOutcome } from '../../../platform/mail/outbox.ts';
import { consumeToken, inspectToken, issueToken, type TokenProblem } from '../clients/account-tokens.ts';
import { loadClientProfile, type ClientProfile } from '../clients/client-profile.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import { endSessionsOfUserIn } from '../../../platform/sessions/sign-in.ts';
import { storeNewPassword } from '../password/store-password.ts';
import { identifierColumn } from '../sign-in/account-guard.ts';
import { sendActivationLink } from '../registration/registration.service.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { PASSWORD_RESET_MAIL } from '../mails.ts';

export interface PasswordResetDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

/** Statuses whose password a reset replaces: an active account, or one issued at the counter. */
export const RESETTABLE = new Set(['active', 'issued']);

interface FoundClient {
  id: string;
  status: string;
  first_name: string;
  email: string | null;
  preferred_locale: Locale;
  registration_expires_at: Date | null;
}

/**
 * Statements the longest branch sends: the transaction id, the lookup, the activation link's
 * mail (4) and token (2), and the registration's new expiry. Every branch sends as many, so
 * the answer's timing does not tell which ran.
 */
const REQUEST_STATEMENTS = 9;

/** Sends whichever link the identifier's account can use, or nothing; the caller answers the same. */
export async function requestPasswordReset(
  deps: PasswordResetDeps,
  { tenant }: ServiceContext,
  identifier: string,
): Promise<void> {
  await withTenantEvenly(deps.db, tenant.id, REQUEST_STATEMENTS, async (trx) => {
    const now = deps.clock.now();
    // lower() as the key columns have it.
    const client: FoundClient | undefined = await tenantRows(trx, 'clients')
      .whereRaw('?? = lower(?)', [identifierColumn(identifier), identifier])
      .forUpdate()
      .first('id', 'status', 'first_name', 'email', 'preferred_locale', 'registration_expires_at');

    if (client?.email && RESETTABLE.has(client.status)) {
      await sendResetLink(trx, deps, tenant, { ...client, email: client.email }, now);
    } else if (client?.email && client.status === 'pending_activation' && client.registration_expires_at! > now) {
      // Never activated, so there is no password to reset: the activation link sets the first one.
      await sendActivationLink(trx, deps, { tenant, client: { ...client, email: client.email }, now });
    } else {
      await readAsQueuingWould(trx, client?.email ?? identifier);
    }
  });
}

/** A fresh reset link (voiding the older) and its mail, in `trx`; what the outbox did with it. */
export async function sendResetLink(
  trx: Knex.Transaction,
  deps: Pick<PasswordResetDeps, 'outbox'>,
  tenant: Tenant,
  client: Pick<FoundClient, 'id' | 'first_name' | 'preferred_locale'> & { email: string },
  now: Date,
  // Each link is its own event with its own mail (the outbox throttles the address); one sent
  // again from the mail problems page names the dead mail.
  idempotencyKey = `password-reset:${client.id}:${randomUUID()}`,
): Promise<QueueOutcome> {
  const validMinutes = tenant.settings.passwordResetMinutes;
  const lifetime = { clientId: client.id, purpose: 'password_reset' as const, lifetimeMs: validMinutes * 60_000, now };
  let outcome: QueueOutcome | undefined;
  await issueToken(trx, lifetime, async (token) => {
    outcome = await deps.outbox.enqueue(trx, {
      template: PASSWORD_RESET_MAIL,
      to: client.email,
      locale: client.preferred_locale,
      userId: client.id,
      params: { firstName: client.first_name, token, validMinutes },
      idempotencyKey,
    });
    return outcome.status === 'queued';
  });
  return outcome!;
}

/**
 * Nothing to send: the reads the outbox makes before queuing a mail (the address's lock and its
 * throttle count), so that the answer's work is like a link's (withTenantEvenly pads the rest).
 * The lock is advisory, as the outbox's: on Citus every session takes it on the coordinator
 * (a statement with no table runs there), so it still serialises.
 */
async function readAsQueuingWould(trx: Knex.Transaction, address: string): Promise<void> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(current_setting('app.tenant_id') || lower(?), 0))`, [
    address,
  ]);
  await tenantRows(trx, 'mail_outbox')
    .whereRaw('recipient_key = lower(?)', [address])
    .andWhere({ template: PASSWORD_RESET_MAIL.name })
    .count({ n: '*' });
}

export type ResetLink = { client: ClientProfile } | { problem: TokenProblem };

/** What a reset link leads to, without using it up: the account whose password it sets. */
export function checkResetLink(deps: PasswordResetDeps, { tenant }: ServiceContext, token: string): Promise<ResetLink> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const found = await inspectToken(trx, { token, purpose: 'password_reset', now: deps.clock.now() });
    if ('problem' in found) return found;
    // Closed (or blocked) since the link was sent: the link no longer leads anywhere.
    const client = await loadClientProfile(trx, { ...deps, tenant }, found.clientId);
    return client ? { client } : { problem: 'used' as const };
  });
}

/**
 * Uses the link up and stores the new password (already checked against the policy by the
 * caller), in one transaction with the password-changed mail and the end of every session
 * of the account.
 */
export async function resetPassword(
  deps: PasswordResetDeps,
  { tenant }: ServiceContext,
  { token, password }: { token: string; password: string },
): Promise<{ clientId: string } | { problem: TokenProblem }> {
  // Hashed before the transaction: argon2 takes tens of milliseconds, no lock should wait on it.
  const passwordHash = await hashPassword(password);
  return withTenant(deps.db, tenant.id, async (trx) => {
    const now = deps.clock.now();
    const found = await consumeToken(trx, { token, purpose: 'password_reset', now });
    if ('problem' in found) return found;
    const client = await loadClientProfile(trx, { ...deps, tenant }, found.clientId, { forUpdate: true });
    if (!client) return { problem: 'used' as const };
    await storeNewPassword(trx, deps.outbox, client, passwordHash, now);
    // Every session of the account ends with it, this browser's too if it had one.
    await endSessionsOfUserIn(trx, client.id, now);
    return { clientId: client.id };
  });
}
