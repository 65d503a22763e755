// A clerk corrects a client's details (issue #19): names, phone, the language of their mail.
// Two clerks may have the same client open; the second to save must not silently undo the
// first. The form carries the version it was filled from (a digest of the details as shown);
// a save against details changed since is refused with both versions, so the clerk sees
// what the other wrote and nothing is lost. A digest rather than a counter: only a change to
// these details conflicts, not a sign-in or a lock on the same row.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { tenantRows, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { setClientDetails } from '../clients/clients-at-counter.repo.ts';

export interface ClientDetails {
  firstName: string;
  lastName: string;
  phone: string | null;
  preferredLocale: Locale;
}

export interface VersionedDetails {
  details: ClientDetails;
  /** The digest a form sends back (detailsVersion). */
  version: string;
}

export type EditDetailsOutcome =
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  /** Changed by someone else since the form was filled: what the details are now. */
  | { kind: 'conflict'; current: VersionedDetails }
  | { kind: 'notFound' };

const FIELDS: readonly (keyof ClientDetails)[] = ['firstName', 'lastName', 'phone', 'preferredLocale'];
const COLUMNS: Readonly<Record<keyof ClientDetails, string>> = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  preferredLocale: 'preferred_locale',
};

export function detailsVersion(details: ClientDetails): string {
  const values = FIELDS.map((field) => details[field]);
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22);
}

async function loadDetails(
  trx: Knex.Transaction,
  clientId: string,
  { forUpdate }: { forUpdate: boolean },
): Promise<VersionedDetails | undefined> {
  const query = tenantRows(trx, 'clients')
    .where({ id: clientId })
    .whereNot('status', 'anonymised')
    .first(Object.values(COLUMNS));
  const row = forUpdate ? await query.forUpdate() : await query;
  if (!row) return undefined;
  const details: ClientDetails = {
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    preferredLocale: row.preferred_locale,
  };
  return { details, version: detailsVersion(details) };
}

/** The details as the edit form starts from them, or undefined: no such client here. */
export function clientDetails(
  deps: { db: Knex },
  context: ServiceContext,
  clientId: string,
): Promise<VersionedDetails | undefined> {
  return withTenant(deps.db, context.tenant.id, (trx) => loadDetails(trx, clientId, { forUpdate: false }));
}

/** Saves the details if they are still those the form was filled from; audited with what changed. */
export function editClientDetails(
  deps: { db: Knex },
  context: ServiceContext,
  { clientId, version, details }: { clientId: string; version: string; details: ClientDetails },
): Promise<EditDetailsOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<EditDetailsOutcome> => {
    const current = await loadDetails(trx, clientId, { forUpdate: true });
    if (!current) return { kind: 'notFound' };
    if (current.version !== version) return { kind: 'conflict', current };
    const changed = FIELDS.filter((field) => current.details[field] !== details[field]);
    if (changed.length === 0) return { kind: 'unchanged' };
    await setClientDetails(trx, clientId, {
      first_name: details.firstName,
      last_name: details.lastName,
      phone: details.phone,
      preferred_locale: details.preferredLocale,
    });
    await recordAudit(trx, context, {
      action: 'client.edited',
      subject: { kind: 'client', id: clientId },
      changes: Object.fromEntries(changed.map((field) => [COLUMNS[field], [current.details[field], details[field]]])),
    });
    return { kind: 'saved' };
  });
}
