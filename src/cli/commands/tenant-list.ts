// tenant:list: every tenant, enabled or not, as a table for people or JSON for scripts.
import type { Knex } from 'knex';
import { defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { textTable } from './text-table.ts';

export interface ListedTenant {
  id: string;
  slug: string;
  name: string;
  kind: string;
  defaultLocale: string;
  timeZone: string;
  enabled: boolean;
  modules: string[];
  domains: string[];
  branding: unknown;
  contact: unknown;
  settings: unknown;
}

async function listTenants(owner: Knex): Promise<ListedTenant[]> {
  const rows = await owner('tenants as t')
    .leftJoin('tenant_domains as d', 'd.tenant_id', 't.id')
    .groupBy('t.id')
    .orderBy('t.slug')
    .select(
      't.*',
      owner.raw(
        "coalesce(array_agg(d.hostname ORDER BY d.hostname) FILTER (WHERE d.hostname IS NOT NULL), '{}') AS domains",
      ),
    );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    defaultLocale: row.default_locale,
    timeZone: row.time_zone,
    enabled: row.enabled,
    modules: row.modules,
    domains: row.domains,
    branding: row.branding,
    contact: row.contact,
    settings: row.settings,
  }));
}

export const tenantList = defineCommand({
  name: 'tenant:list',
  summary: 'List the tenants: slug, name, kind, language, domains, modules',
  options: {
    json: { type: 'boolean', description: 'Print a JSON array with every field (branding, contact, settings too)' },
  },

  async run({ options, io, print }) {
    const tenants = await withOwnerDatabase(io, listTenants);
    if (options.json) {
      print(JSON.stringify(tenants, null, 2));
      return;
    }
    if (tenants.length === 0) {
      print('No tenants yet; create one with tenant:create.');
      return;
    }
    const rows = tenants.map((t) => [
      t.slug,
      t.enabled ? t.name : `${t.name} (disabled)`,
      t.kind,
      t.defaultLocale,
      t.domains.join(', ') || '-',
      t.modules.join(', ') || '-',
    ]);
    for (const line of textTable(['slug', 'name', 'kind', 'locale', 'domains', 'modules'], rows)) print(line);
  },
});
