// Client accounts for tests, written through the app role inside the tenant.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { hashPassword } from '../../src/platform/crypto/password-hash.ts';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import { nationalIdContext } from '../../src/features/accounts/registration/registration.service.ts';
import { TEST_DATA_KEY } from './mail.ts';

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

/** A password every test client created with createActiveClient can sign in with. */
export const TEST_PASSWORD = 'Zielona-Łąka-2026';

// argon2 takes tens of milliseconds: each password is hashed once per test process.
const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
}

/** An active account with a password (TEST_PASSWORD unless given), as activation leaves it. */
export async function createActiveClient(
  app: Knex,
  tenantId: TenantId,
  { password = TEST_PASSWORD, ...overrides }: Record<string, unknown> & { password?: string } = {},
): Promise<CreatedClient & { password: string }> {
  const client = await createClient(app, tenantId, {
    status: 'active',
    password_hash: await cachedHash(password),
    activated_at: new Date('2026-11-01T10:05:00Z'),
    ...overrides,
  });
  return { ...client, password };
}

const nationalIds = createNationalIdProtector({ dataKey: TEST_DATA_KEY, previousDataKeys: [] });

/** An active client whose PESEL is sealed and indexed as registration stores it. */
export function createClientWithPesel(
  app: Knex,
  tenantId: TenantId,
  pesel: string,
  columns: Record<string, unknown> = {},
): Promise<CreatedClient & { password: string }> {
  const id = randomUUID();
  return createActiveClient(app, tenantId, {
    id,
    national_id_sealed: nationalIds.seal(pesel, nationalIdContext(tenantId, id)),
    national_id_index: nationalIds.blindIndex(tenantId, pesel),
    ...columns,
  });
}
