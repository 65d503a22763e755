// One client's own data as the signed-in pages (profile, password, export) read it: the
// PESEL opened from its sealed form, for the masked view and the password's personal check.
import type { Knex } from 'knex';
import { withTenant, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import type { NationalIdProtector } from './national-id.ts';
import { nationalIdContext } from '../registration/registration.service.ts';

export interface ClientProfile {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  phone: string | null;
  pesel: string | undefined;
  preferredLocale: Locale;
  status: string;
  passwordHash: string | null;
  startPasswordExpiresAt: Date | null;
  createdAt: Date;
  activatedAt: Date | null;
}

type ProfileContext = { nationalIds: NationalIdProtector; tenant: Tenant };

/** The client, if it exists at this tenant and has not been closed; FOR UPDATE when it is about to change. */
export async function loadClientProfile(
  trx: Knex.Transaction,
  { nationalIds, tenant }: ProfileContext,
  clientId: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<ClientProfile | undefined> {
  const query = tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereIn('status', ['active', 'issued'])
    .first(
      'id',
      'first_name',
      'last_name',
      'email',
      'login',
      'phone',
      'national_id_sealed',
      'preferred_locale',
      'status',
      'password_hash',
      'start_password_expires_at',
      'created_at',
      'activated_at',
    );
  const row = forUpdate ? await query.forUpdate() : await query;
  if (!row) return undefined;
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    login: row.login,
    phone: row.phone,
    pesel: row.national_id_sealed
      ? nationalIds.open(row.national_id_sealed, nationalIdContext(tenant.id, clientId))
      : undefined,
    preferredLocale: row.preferred_locale,
    status: row.status,
    passwordHash: row.password_hash,
    startPasswordExpiresAt: row.start_password_expires_at,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
  };
}

/** loadClientProfile in a transaction of its own, for a page or a check before the change. */
export function findClientProfile(
  db: Knex,
  context: ProfileContext,
  clientId: string,
): Promise<ClientProfile | undefined> {
  return withTenant(db, context.tenant.id, (trx) => loadClientProfile(trx, context, clientId));
}

/** The signed-in client's own profile: what a page that asks for their password checks it against. */
export function signedInClientProfile(
  deps: { db: Knex; nationalIds: NationalIdProtector },
  context: ServiceContext,
): Promise<ClientProfile | undefined> {
  return findClientProfile(deps.db, { ...deps, tenant: context.tenant }, signedInClientId(context));
}

/**
 * The client read before a slow password check, locked in `trx` for the change it allowed:
 * undefined if the account was closed meanwhile or its password changed, so the check no
 * longer counts.
 */
export async function lockIfUnchanged(
  trx: Knex.Transaction,
  context: ProfileContext,
  checked: Pick<ClientProfile, 'id' | 'passwordHash'>,
): Promise<ClientProfile | undefined> {
  const client = await loadClientProfile(trx, context, checked.id, { forUpdate: true });
  return client && client.passwordHash === checked.passwordHash ? client : undefined;
}

/** What a new password may not contain. */
export function personalDataOf(profile: ClientProfile) {
  return {
    firstName: profile.firstName,
    lastName: profile.lastName,
    email: profile.email ?? undefined,
    login: profile.login ?? undefined,
    pesel: profile.pesel,
  };
}
