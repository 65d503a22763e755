// The writers' half of the tenant data cache (tenant-data-cache.ts): every write to data a
// cached read shows (the money core's accounts and entries, the housing records) calls this in
// its transaction. The notice goes to every process at commit and is dropped on rollback; it is a
// statement of its own, never a trigger (notify.ts says why). A transaction tells once however
// many rows it writes, and this process forgets at once and again at the commit, so a resident
// sent back to their overview after a write sees it.
import type { Knex } from 'knex';
import { notify } from '../db/notify.ts';
import { tenantIdOf } from '../tenancy/tenant-transaction.ts';
import { TENANT_DATA_CHANGED_CHANNEL, forgetTenantInProcess } from './tenant-data-cache.ts';

const told = new WeakSet<Knex.Transaction>();

export async function tenantDataChanged(trx: Knex.Transaction): Promise<void> {
  if (told.has(trx)) return;
  told.add(trx);
  const tenantId = tenantIdOf(trx);
  forgetTenantInProcess(tenantId);
  await notify(trx, TENANT_DATA_CHANGED_CHANNEL, tenantId);
  void trx.executionPromise.then(
    () => forgetTenantInProcess(tenantId),
    () => undefined,
  );
}
