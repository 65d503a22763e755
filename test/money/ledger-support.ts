// What the ledger's tests share: a tenant with a client's account, and service contexts for a
// member of staff and for a job, as the services receive them from routes and the worker.
import type { Knex } from 'knex';
import { openAccount, type MoneyAccount } from '../../src/features/money/index.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

export function staffContextAt(tenantId: TenantId, staffId: string = crypto.randomUUID()): ServiceContext {
  return {
    tenant: { id: tenantId } as unknown as Tenant,
    actor: { kind: 'staff', staffId, role: 'clerk' },
    requestId: 'ledger-test',
  };
}

export function systemContextAt(tenantId: TenantId): ServiceContext {
  return { tenant: { id: tenantId } as unknown as Tenant, actor: { kind: 'system', job: 'test' }, requestId: 'job' };
}

export interface LedgerFixture {
  tenantId: TenantId;
  account: MoneyAccount;
  /** Runs work in a transaction of the fixture's tenant, as the app role. */
  inTenant<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

export async function accountFixture(
  db: TestDatabase,
  options: { currency?: 'PLN' | 'CZK'; openingBalance?: number; openedOn?: string } = {},
): Promise<LedgerFixture> {
  const { id: tenantId } = await createTenant(db.owner);
  const inTenant = <T>(work: (trx: Knex.Transaction) => Promise<T>) => withTenant(db.app, tenantId, work);
  const account = await inTenant((trx) =>
    openAccount(trx, {
      ownerKind: 'client',
      ownerId: crypto.randomUUID(),
      currency: options.currency ?? 'PLN',
      kind: 'fees',
      name: 'Opłaty',
      openedOn: options.openedOn ?? '2026-01-01',
      ...(options.openingBalance === undefined ? {} : { openingBalance: options.openingBalance }),
    }),
  );
  return { tenantId, account, inTenant };
}
