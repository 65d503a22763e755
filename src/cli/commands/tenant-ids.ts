// The tenants a command works through, one withTenant() transaction each: tenant tables have
// forced row-level security, which holds the owner too.
import type { Knex } from 'knex';
import { asTenantId, type TenantId } from '../../platform/tenancy/tenant-transaction.ts';
import { CliError } from './command.ts';

export async function tenantsToVisit(owner: Knex, slug: string | undefined): Promise<{ id: TenantId; slug: string }[]> {
  const rows: { id: string; slug: string }[] = await owner('tenants')
    .modify((query) => {
      if (slug) query.where({ slug });
    })
    .orderBy('slug')
    .select('id', 'slug');
  if (slug && rows.length === 0) throw new CliError(`no tenant with the slug "${slug}"`);
  return rows.map((row) => ({ id: asTenantId(row.id), slug: row.slug }));
}
