// Factories: each creates what it needs, missing parents included, with unique values.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { replaceFrontDesks, type FrontDeskInput } from '../../src/features/portal/front-desks/front-desks.repo.ts';
import { upsertTenant, type TenantInput } from '../../src/platform/tenancy/tenant-admin.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const unique = (): string => randomBytes(4).toString('hex');

export function tenantInput(overrides: Partial<TenantInput> = {}): TenantInput {
  const suffix = unique();
  return {
    slug: `tenant-${suffix}`,
    name: `Ośrodek Testowy ${suffix}`,
    kind: 'sports_centre',
    modules: ['registration', 'client_card'],
    defaultLocale: 'pl',
    timeZone: 'Europe/Warsaw',
    branding: { primaryColour: '#0b5394', accentColour: '#9c2f00', logoText: 'TEST' },
    contact: {
      address: { street: 'ul. Testowa 1', postalCode: '00-001', city: 'Testowo' },
      phone: '+48 22 000 00 00',
      email: `biuro-${suffix}@example.test`,
      dataProtectionOfficerEmail: `iod-${suffix}@example.test`,
    },
    ...overrides,
  };
}

export function frontDeskInput(overrides: Partial<FrontDeskInput> = {}): FrontDeskInput {
  return {
    name: `Punkt Obsługi ${unique()}`,
    street: 'ul. Okienkowa 2',
    postalCode: '00-002',
    city: 'Testowo',
    phone: '+48 22 111 11 11',
    hours: [
      [1, '08:00', '16:00'],
      [3, '10:00', '18:00'],
    ],
    ...overrides,
  };
}

export interface CreatedTenant {
  id: TenantId;
  input: TenantInput;
  desks: FrontDeskInput[];
}

/** A tenant with one front desk unless desks are given; written as the owner role. */
export async function createTenant(
  owner: Knex,
  overrides: Partial<TenantInput> = {},
  desks: FrontDeskInput[] = [frontDeskInput()],
): Promise<CreatedTenant> {
  const input = tenantInput(overrides);
  const id = await upsertTenant(owner, input, TENANT_SETTINGS);
  await withTenant(owner, id, (trx) => replaceFrontDesks(trx, desks));
  return { id, input, desks };
}
