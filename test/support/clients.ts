// Client accounts for tests, written through the app role inside the tenant.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../src/db/tenant-transaction.ts';

export interface CreatedClient {
  id: string;
  email: string | null;
}

export async function createClient(
  app: Knex,
  tenantId: TenantId,
  overrides: Record<string, unknown> = {},
): Promise<CreatedClient> {
  const suffix = randomBytes(4).toString('hex');
  const [row] = await withTenant(app, tenantId, (trx) =>
    trx('clients')
      .insert({
        first_name: 'Anna',
        last_name: `Nowak-${suffix}`,
        email: `anna.${suffix}@example.test`,
        preferred_locale: 'pl',
        status: 'counter_only',
        created_at: new Date('2026-11-01T10:00:00Z'),
        ...overrides,
      })
      .returning(['id', 'email']),
  );
  return { id: row.id as string, email: row.email as string | null };
}
