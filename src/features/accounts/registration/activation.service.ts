// Following the activation link: the link leads to setting the password, and the account is
// active once it is set. "Didn't get the link?" sends a fresh one, answering the same
// whether or not the address has a pending registration.
import type { Knex } from 'knex';
import { withTenant, withTenantEvenly, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import { hashPassword } from '../../../platform/crypto/password-hash.ts';
import { consumeToken, inspectToken, type TokenProblem } from '../clients/account-tokens.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { nationalIdContext, sendActivationLink, type RegistrationDeps } from './registration.service.ts';
import { ACTIVATABLE_STATUSES, activateRegistration } from '../clients/clients.repo.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';

/** Who is activating: what the password form shows, and what the password may not contain. */
export interface ActivatingClient {
  firstName: string;
  lastName: string;
  email: string;
}

/** What the password may not contain: the name and e-mail shown, and the PESEL never shown. */
export interface PersonalData extends ActivatingClient {
  pesel: string | undefined;
}

async function pendingClient(
  trx: Knex.Transaction,
  deps: Pick<RegistrationDeps, 'nationalIds'>,
  tenant: Tenant,
  clientId: string,
): Promise<{ client: ActivatingClient; personal: PersonalData } | undefined> {
  const row = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereIn('status', ACTIVATABLE_STATUSES)
    .first('first_name', 'last_name', 'email', 'national_id_sealed');
  if (!row) return undefined;
  const client = { firstName: row.first_name, lastName: row.last_name, email: row.email };
  const pesel = row.national_id_sealed
    ? deps.nationalIds.open(row.national_id_sealed, nationalIdContext(tenant.id, clientId))
    : undefined;
  return { client, personal: { ...client, pesel } };
}

/** What an activation link leads to, without using it up. */
export function checkActivationLink(
  deps: Pick<RegistrationDeps, 'db' | 'clock' | 'nationalIds'>,
  { tenant }: ServiceContext,
  token: string,
): Promise<{ client: ActivatingClient; personal: PersonalData } | { problem: TokenProblem }> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const found = await inspectToken(trx, { token, purpose: 'activation', now: deps.clock.now() });
    if ('problem' in found) return found;
    return (await pendingClient(trx, deps, tenant, found.clientId)) ?? { problem: 'used' as const };
  });
}

/**
 * Sets the first password and activates the account, using the link up. The password has
 * been checked against the tenant's policy by the caller (it needs the client's name and
 * e-mail, which checkActivationLink gives).
 */
export async function activateAccount(
  deps: Pick<RegistrationDeps, 'db' | 'clock'>,
  { tenant }: ServiceContext,
  { token, password }: { token: string; password: string },
): Promise<{ activated: true } | { problem: TokenProblem } | { peselRegistered: true }> {
  // Hashed before the transaction: argon2 takes tens of milliseconds, no lock should wait on it.
  const passwordHash = await hashPassword(password);
  try {
    return await activateWith(deps, tenant, token, passwordHash);
  } catch (error) {
    // Another registration with this PESEL was activated first: a PESEL has one account.
    if (violatedUniqueIndex(error) === 'clients_national_id') {
      return { peselRegistered: true as const };
    }
    throw error;
  }
}

function activateWith(
  deps: Pick<RegistrationDeps, 'db' | 'clock'>,
  tenant: Tenant,
  token: string,
  passwordHash: string,
): Promise<{ activated: true } | { problem: TokenProblem }> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const now = deps.clock.now();
    const found = await consumeToken(trx, { token, purpose: 'activation', now });
    if ('problem' in found) return found;
    if (!(await activateRegistration(trx, found.clientId, passwordHash, now))) return { problem: 'used' as const };
    return { activated: true as const };
  });
}

/**
 * Statements a resent link sends: the transaction id, the lookup, and the link's mail (4), token
 * (2) and expiry. An address with nothing to resend sends as many, so the timing tells nothing.
 */
const RESEND_STATEMENTS = 9;

/** "Didn't get the activation link?": a fresh link to a pending registration, if there is one. */
export async function resendActivationLink(
  deps: RegistrationDeps,
  { tenant }: ServiceContext,
  email: string,
): Promise<void> {
  await withTenantEvenly(deps.db, tenant.id, RESEND_STATEMENTS, async (trx) => {
    const now = deps.clock.now();
    const client = await tenantRows(trx, 'clients')
      .where({ email_key: email.toLowerCase(), status: 'pending_activation' })
      .andWhere('registration_expires_at', '>', now)
      .forUpdate()
      .first('id', 'first_name', 'email', 'preferred_locale');
    if (client) await sendActivationLink(trx, deps, { tenant, client, now });
  });
}
