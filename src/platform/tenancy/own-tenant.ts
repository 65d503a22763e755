// A tenant's own row as its managers change it (issue #19), inside a transaction withTenant()
// scoped to that tenant. The row is read as the app role reads any tenant; it is written only
// through change_own_tenant (migrations/functions/change_own_tenant.sql), which takes the
// tenant from the transaction, never from its caller, and writes only if the row is still the
// version read. The change is then announced, as tenant-admin's are, for every process's registry.
import type { Knex } from 'knex';
import { notify } from '../db/notify.ts';
import { TENANTS_CHANGED_CHANNEL } from './tenant-registry.ts';
import type { Module } from './tenant.ts';

/** The row as stored (settings without their defaults), and its version: updated_at as text, to the microsecond. */
export interface OwnTenantRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  modules: string[];
  default_locale: string;
  time_zone: string;
  branding: Record<string, unknown>;
  contact: Record<string, unknown>;
  settings: Record<string, unknown>;
  domains: string[] | null;
  version: string;
}

/** What a manager may change of the row. */
export interface OwnTenantChange {
  modules: Module[];
  branding: Record<string, unknown>;
  contact: Record<string, unknown>;
  settings: Record<string, unknown>;
}

const CURRENT_TENANT = "nullif(current_setting('app.tenant_id', true), '')::uuid";

/** The scoped tenant's row, or undefined when it is gone or disabled. */
export async function readOwnTenant(trx: Knex.Transaction): Promise<OwnTenantRow | undefined> {
  const row = await trx('tenants')
    .whereRaw(`id = ${CURRENT_TENANT}`)
    .andWhere('enabled', true)
    .first(
      'id',
      'slug',
      'name',
      'kind',
      'modules',
      'default_locale',
      'time_zone',
      'branding',
      'contact',
      'settings',
      trx.raw('NULL::text[] AS domains'),
      trx.raw('updated_at::text AS version'),
    );
  return row as OwnTenantRow | undefined;
}

/**
 * Writes the change if the row is still at `version`, and announces it: the new version, or
 * undefined when another change came first (nothing written).
 */
export async function writeOwnTenant(
  trx: Knex.Transaction,
  version: string,
  change: OwnTenantChange,
): Promise<string | undefined> {
  const { rows } = await trx.raw<{ rows: { version: string | null }[] }>(
    'SELECT change_own_tenant(?::timestamptz, ?::text[], ?::jsonb, ?::jsonb, ?::jsonb) AS version',
    [
      version,
      change.modules,
      JSON.stringify(change.branding),
      JSON.stringify(change.contact),
      JSON.stringify(change.settings),
    ],
  );
  const written = rows[0]?.version ?? undefined;
  // A statement of its own (notify.ts says why); delivered at commit, dropped on rollback.
  if (written) await notify(trx, TENANTS_CHANGED_CHANNEL);
  return written;
}
