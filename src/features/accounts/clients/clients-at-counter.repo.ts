// The clients table's changes made by staff at the counter (issue #19): a client made in person,
// a lock lifted, an account deactivated or reactivated, a closing account reopened, the details
// corrected, access given again with a start password. See clients.repo.ts for the client's own.
import type { Knex } from 'knex';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import { ACTIVATABLE_STATUSES, CHANGEABLE_STATUSES } from './clients.repo.ts';

export interface NewCounterClient {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  preferred_locale: Locale;
  national_id_sealed: Buffer | null;
  national_id_index: Buffer | null;
  created_at: Date;
}

/**
 * A client made at the counter: with a login and a start password, an account 'issued' until
 * its first sign-in; otherwise 'counter_only' (an activation link may make it an account).
 */
export async function insertCounterClient(
  trx: Knex.Transaction,
  client: NewCounterClient,
  access: { login: string; passwordHash: string; expiresAt: Date } | undefined,
): Promise<void> {
  await trx('clients').insert({
    ...client,
    ...(access
      ? {
          status: 'issued',
          login: access.login,
          password_hash: access.passwordHash,
          start_password_expires_at: access.expiresAt,
        }
      : { status: 'counter_only' }),
  });
}

/** The lock after wrong passwords lifted, and its count started again. False: no such client. */
export async function unlockClient(trx: Knex.Transaction, clientId: string): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .update({ locked_until: null, failed_sign_ins: 0, failures_since: null });
  return updated > 0;
}

/** An account that may sign in made one that may not. False: not an account that can sign in. */
export async function deactivateClient(trx: Knex.Transaction, clientId: string): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereIn('status', CHANGEABLE_STATUSES)
    .update({ status: 'deactivated' });
  return updated > 0;
}

/**
 * A deactivated account back as it was: 'issued' while its start password is still unused,
 * else 'active'. False: not a deactivated account.
 */
export async function reactivateClient(trx: Knex.Transaction, clientId: string): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId, status: 'deactivated' })
    .update({ status: trx.raw(`CASE WHEN start_password_expires_at IS NULL THEN 'active' ELSE 'issued' END`) });
  return updated > 0;
}

/**
 * The address of a client who is not yet an account (a self-registration, a client served at
 * the counter) set or corrected. False: the client is an account by now, or gone.
 */
export async function setActivationEmail(trx: Knex.Transaction, clientId: string, email: string): Promise<boolean> {
  const updated = await trx.transaction((savepoint) =>
    savepoint('clients').where({ id: clientId }).whereIn('status', ACTIVATABLE_STATUSES).update({ email }),
  );
  return updated > 0;
}

/**
 * A closed account opened again before its personal data went (the client changed their mind
 * at the desk): back to 'active', or 'issued' while a start password is unused. False: not a
 * closing account, or its anonymisation is due (the worker may be erasing it now).
 */
export async function reopenClient(trx: Knex.Transaction, clientId: string, now: Date): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId, status: 'closing' })
    .andWhere((due) => due.whereNull('anonymise_after').orWhere('anonymise_after', '>', now))
    .update({
      status: trx.raw(`CASE WHEN start_password_expires_at IS NULL THEN 'active' ELSE 'issued' END`),
      closed_at: null,
      anonymise_after: null,
    });
  return updated > 0;
}

/** What a clerk corrects on a client's page: the names, the phone, the language of their mail. */
export interface ClientDetailsRow {
  first_name: string;
  last_name: string;
  phone: string | null;
  preferred_locale: Locale;
}

/** The details corrected. False: no such client (or only an anonymised one). */
export async function setClientDetails(
  trx: Knex.Transaction,
  clientId: string,
  details: ClientDetailsRow,
): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereNot('status', 'anonymised')
    .update(details);
  return updated > 0;
}

/**
 * Access given again at the desk: a new start password (its hash) replaces the password, the
 * account is 'issued' until the client signs in and changes it, the lock is lifted and the
 * login set (an account activated by e-mail may have none). False: not an account that can
 * sign in. A login already taken raises the unique violation for the caller to draw again.
 */
export async function issueStartPassword(
  trx: Knex.Transaction,
  clientId: string,
  access: { login: string; passwordHash: string; expiresAt: Date },
): Promise<boolean> {
  const updated = await trx.transaction((savepoint) =>
    savepoint('clients').where({ id: clientId }).whereIn('status', CHANGEABLE_STATUSES).update({
      login: access.login,
      password_hash: access.passwordHash,
      start_password_expires_at: access.expiresAt,
      status: 'issued',
      failed_sign_ins: 0,
      failures_since: null,
      locked_until: null,
    }),
  );
  return updated > 0;
}
