// The rows of a client's page at the counter that are the accounts' own: the client, and the
// pending self-registrations that hold the same e-mail address or PESEL (someone who registered
// again instead of activating, or a stranger who typed their PESEL).
import type { Knex } from 'knex';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export interface ClientRecordRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  phone: string | null;
  nationalIdSealed: Buffer | null;
  nationalIdIndex: Buffer | null;
  preferredLocale: Locale;
  status: string;
  createdAt: Date;
  activatedAt: Date | null;
  lockedUntil: Date | null;
  /** Set while a start password from the counter has not been replaced by the client's own. */
  startPasswordExpiresAt: Date | null;
  closedAt: Date | null;
  anonymiseAfter: Date | null;
}

export async function clientRecord(trx: Knex.Transaction, clientId: string): Promise<ClientRecordRow | undefined> {
  const row = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereNot('status', 'anonymised')
    .first(
      'id',
      'first_name',
      'last_name',
      'email',
      'login',
      'phone',
      'national_id_sealed',
      'national_id_index',
      'preferred_locale',
      'status',
      'created_at',
      'activated_at',
      'locked_until',
      'start_password_expires_at',
      'closed_at',
      'anonymise_after',
    );
  if (!row) return undefined;
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    login: row.login,
    phone: row.phone,
    nationalIdSealed: row.national_id_sealed,
    nationalIdIndex: row.national_id_index,
    preferredLocale: row.preferred_locale,
    status: row.status,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    lockedUntil: row.locked_until,
    startPasswordExpiresAt: row.start_password_expires_at,
    closedAt: row.closed_at,
    anonymiseAfter: row.anonymise_after,
  };
}

export interface PendingRegistration {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** What it shares with the client: the e-mail address, the PESEL, or both. */
  sameEmail: boolean;
  samePesel: boolean;
}

/** Other clients' registrations still waiting for activation with the client's e-mail or PESEL. */
export async function pendingRegistrationsLike(
  trx: Knex.Transaction,
  client: Pick<ClientRecordRow, 'id' | 'email' | 'nationalIdIndex'>,
): Promise<PendingRegistration[]> {
  const emailKey = client.email?.toLowerCase() ?? null;
  if (emailKey === null && client.nationalIdIndex === null) return [];
  const rows = await tenantRows(trx, 'clients')
    .where({ status: 'pending_activation' })
    .whereNot({ id: client.id })
    .andWhere((same) => {
      if (emailKey !== null) same.orWhere({ email_key: emailKey });
      if (client.nationalIdIndex !== null) same.orWhere({ national_id_index: client.nationalIdIndex });
    })
    .orderBy('created_at', 'desc')
    .limit(20)
    .select(
      'id',
      'first_name',
      'last_name',
      'email',
      'email_key',
      'national_id_index',
      'created_at',
      'registration_expires_at',
    );
  return rows.map((row) => ({
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    createdAt: row.created_at,
    expiresAt: row.registration_expires_at,
    sameEmail: emailKey !== null && row.email_key === emailKey,
    samePesel:
      client.nationalIdIndex !== null &&
      row.national_id_index !== null &&
      Buffer.compare(row.national_id_index, client.nationalIdIndex) === 0,
  }));
}
