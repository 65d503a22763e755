// With clients-at-counter.repo.ts, the only writers of the clients table (the worker's purges
// aside, in ../purges.ts): every change a client row can go through, named for what it means;
// this file the client's own (registering, activating, a password, an address), that one the
// staff's. Each takes a transaction already
// scoped to the tenant (withTenant), so none can reach another tenant's row. Reads stay with the
// code that needs them; what changes a row is here, so its rules are read in one place.
import type { Knex } from 'knex';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

/** Statuses whose holder may change their own details: an active account, or one issued at the counter. */
export const CHANGEABLE_STATUSES = ['active', 'issued'] as const;

export interface NewRegistration {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  preferred_locale: Locale;
  national_id_sealed: Buffer | null;
  national_id_index: Buffer | null;
  registration_expires_at: Date;
  created_at: Date;
}

/** A self-registration waiting for its activation link. */
export async function insertRegistration(trx: Knex.Transaction, registration: NewRegistration): Promise<void> {
  await trx('clients').insert({ ...registration, status: 'pending_activation' });
}

/** A registration lives as long as its newest activation link (and a grace period). */
export async function extendRegistration(trx: Knex.Transaction, clientId: string, expiresAt: Date): Promise<void> {
  await tenantRows(trx, 'clients')
    .where({ id: clientId, status: 'pending_activation' })
    .update({ registration_expires_at: expiresAt });
}

/** A registration past its expiry no longer holds its address, even before the worker removes it. */
export async function dropExpiredRegistration(trx: Knex.Transaction, email: string, now: Date): Promise<void> {
  await tenantRows(trx, 'clients')
    .where({ status: 'pending_activation', email_key: email.toLowerCase() })
    .andWhere('registration_expires_at', '<=', now)
    .del();
}

/** Who an activation link may activate: a self-registration, or a client the counter made without an account. */
export const ACTIVATABLE_STATUSES = ['pending_activation', 'counter_only'] as const;

/** The activation link used: the account is active with its first password. False: not activatable any more. */
export async function activateRegistration(
  trx: Knex.Transaction,
  clientId: string,
  passwordHash: string,
  now: Date,
): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereIn('status', ACTIVATABLE_STATUSES)
    .update({
      status: 'active',
      password_hash: passwordHash,
      activated_at: now,
      registration_expires_at: null,
    });
  return updated > 0;
}

/** The language mail and pages default to. False: no such account that may change it. */
export async function setPreferredLocale(trx: Knex.Transaction, clientId: string, locale: Locale): Promise<boolean> {
  const updated = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereIn('status', CHANGEABLE_STATUSES)
    .update({ preferred_locale: locale });
  return updated > 0;
}

/**
 * The confirmed new address, in a savepoint: if another account holds it (a unique violation),
 * only this change is undone and the caller's transaction goes on. False: no such account.
 */
export async function setEmail(trx: Knex.Transaction, clientId: string, email: string): Promise<boolean> {
  const updated = await trx.transaction((savepoint) =>
    savepoint('clients').where({ id: clientId }).whereIn('status', CHANGEABLE_STATUSES).update({ email }),
  );
  return updated > 0;
}

/**
 * A new password (a change, a reset, the first one after a start password): a start password
 * replaced before it was ever used makes the account active; the lockout count starts afresh.
 */
export async function setPassword(
  trx: Knex.Transaction,
  clientId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .update({
      password_hash: passwordHash,
      status: trx.raw(`CASE WHEN status = 'issued' THEN 'active' ELSE status END`),
      activated_at: trx.raw('COALESCE(activated_at, ?)', [now]),
      start_password_expires_at: null,
      failed_sign_ins: 0,
      failures_since: null,
      locked_until: null,
    });
}

/** Locks the account if its counted failures reached the limit and it is not locked yet. True: this call locked it. */
export async function lockIfAtLimit(
  trx: Knex.Transaction,
  clientId: string,
  maxFailures: number,
  lockedUntil: Date,
): Promise<boolean> {
  const locked = await tenantRows(trx, 'clients')
    .where({ id: clientId })
    .andWhere('failed_sign_ins', '>=', maxFailures)
    .whereNull('locked_until')
    .update({ locked_until: lockedUntil });
  return locked > 0;
}

/** The client closed the account: it waits for anonymisation (never, where anonymiseAfter is null). */
export async function markClosing(
  trx: Knex.Transaction,
  clientId: string,
  now: Date,
  anonymiseAfter: Date | null,
): Promise<void> {
  await tenantRows(trx, 'clients').where({ id: clientId }).update({
    status: 'closing',
    closed_at: now,
    anonymise_after: anonymiseAfter,
    failed_sign_ins: 0,
    failures_since: null,
    locked_until: null,
  });
}
