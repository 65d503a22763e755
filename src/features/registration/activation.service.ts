// Following the activation link: the link leads to setting the password, and the account is
// active once it is set. "Didn't get the link?" sends a fresh one, answering the same
// whether or not the address has a pending registration.
import type { Knex } from 'knex';
import { withTenant } from '../../db/tenant-transaction.ts';
import { hashPassword } from '../../lib/password-hash.ts';
import { consumeToken, inspectToken, type TokenProblem } from '../clients/account-tokens.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { sendActivationLink, type RegistrationDeps } from './registration.service.ts';

/** Who is activating: what the password form shows, and what the password may not contain. */
export interface ActivatingClient {
  firstName: string;
  lastName: string;
  email: string;
}

async function pendingClient(trx: Knex.Transaction, clientId: string): Promise<ActivatingClient | undefined> {
  const row = await trx('clients')
    .where({ id: clientId, status: 'pending_activation' })
    .first('first_name', 'last_name', 'email');
  return row && { firstName: row.first_name, lastName: row.last_name, email: row.email };
}

/** What an activation link leads to, without using it up. */
export function checkActivationLink(
  deps: Pick<RegistrationDeps, 'db' | 'clock'>,
  tenant: Tenant,
  token: string,
): Promise<{ client: ActivatingClient } | { problem: TokenProblem }> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const found = await inspectToken(trx, { token, purpose: 'activation', now: deps.clock.now() });
    if ('problem' in found) return found;
    const client = await pendingClient(trx, found.clientId);
    return client ? { client } : { problem: 'used' as const };
  });
}

/**
 * Sets the first password and activates the account, using the link up. The password has
 * been checked against the tenant's policy by the caller (it needs the client's name and
 * e-mail, which checkActivationLink gives).
 */
export async function activateAccount(
  deps: Pick<RegistrationDeps, 'db' | 'clock'>,
  tenant: Tenant,
  { token, password }: { token: string; password: string },
): Promise<{ activated: true } | { problem: TokenProblem }> {
  // Hashed before the transaction: argon2 takes tens of milliseconds, no lock should wait on it.
  const passwordHash = await hashPassword(password);
  return withTenant(deps.db, tenant.id, async (trx) => {
    const now = deps.clock.now();
    const found = await consumeToken(trx, { token, purpose: 'activation', now });
    if ('problem' in found) return found;
    const updated = await trx('clients').where({ id: found.clientId, status: 'pending_activation' }).update({
      status: 'active',
      password_hash: passwordHash,
      activated_at: now,
      registration_expires_at: null,
    });
    if (updated === 0) return { problem: 'used' as const };
    return { activated: true as const };
  });
}

/** "Didn't get the activation link?": a fresh link to a pending registration, if there is one. */
export async function resendActivationLink(deps: RegistrationDeps, tenant: Tenant, email: string): Promise<void> {
  await withTenant(deps.db, tenant.id, async (trx) => {
    const now = deps.clock.now();
    const client = await trx('clients')
      .where({ email_key: email.toLowerCase(), status: 'pending_activation' })
      .andWhere('registration_expires_at', '>', now)
      .forUpdate()
      .first('id', 'first_name', 'email', 'preferred_locale');
    if (client) await sendActivationLink(trx, deps, { tenant, client, now });
  });
}
