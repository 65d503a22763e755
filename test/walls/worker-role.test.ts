// The worker role runs the cross-tenant jobs and sees only what they need, by its own policies
// alone: setting a tenant itself gains it nothing (the tenant policy binds the app and the
// owner only). On Citus, where a restrictive policy would arrive on the shards as a permissive
// one, this is what keeps the worker away from active accounts.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();

describe('the worker role, even with a tenant set', () => {
  it('sees, changes and deletes no active account, and reaches pending ones only to prune them', async () => {
    const tenant = await createTenant(db.current.owner);
    const active = await createActiveClient(db.current.app, tenant.id);
    const pending = await createClient(db.current.app, tenant.id, {
      status: 'pending_activation',
      registration_expires_at: new Date(Date.now() + 3_600_000),
    });
    const touched = await withTenant(db.current.worker, tenant.id, async (trx) => ({
      seen: await trx('clients').pluck('id'),
      anonymised: await trx('clients').where({ id: active.id }).update({ status: 'anonymised' }),
      deleted: await trx('clients').where({ id: active.id }).delete(),
    }));
    expect(touched).toEqual({ seen: [pending.id], anonymised: 0, deleted: 0 });
    const stillThere = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('clients').where({ id: active.id }).first('status'),
    );
    expect(stillThere).toEqual({ status: 'active' });
  });

  it('cannot anonymise a closed account the tenant must keep (no anonymisation date)', async () => {
    const tenant = await createTenant(db.current.owner);
    const kept = await createClient(db.current.app, tenant.id, {
      status: 'closing',
      closed_at: new Date(),
      anonymise_after: null,
      password_hash: null,
      email: null,
    });
    const anonymised = await withTenant(db.current.worker, tenant.id, (trx) =>
      trx('clients').where({ id: kept.id }).update({ status: 'anonymised', first_name: '*', last_name: '*' }),
    );
    expect(anonymised).toBe(0);
  });
});
