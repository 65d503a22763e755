// The one write the app role has on tenants (issue #19): change_own_tenant changes the row of
// the tenant its transaction is scoped to and no other, only at the version read, and only for
// the app role; outside a tenant's transaction it refuses. Run on Citus too (vitest.citus.config.ts),
// where tenants is a reference table.
import { describe, expect, it } from 'vitest';
import { readOwnTenant, writeOwnTenant } from '../../src/platform/tenancy/own-tenant.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();

const rowOf = async (id: string) => db.current.owner('tenants').where({ id }).first();

describe('change_own_tenant', () => {
  it('changes the scoped tenant’s row alone, at the version read, and announces nothing else', async () => {
    const ours = await createTenant(db.current.owner);
    const theirs = await createTenant(db.current.owner);
    const before = await rowOf(theirs.id);
    const written = await withTenant(db.current.app, ours.id, async (trx) => {
      const row = (await readOwnTenant(trx))!;
      expect(row.id).toBe(ours.id);
      const change = {
        modules: [],
        branding: { ...row.branding, logoText: 'OURS' },
        contact: row.contact,
        settings: row.settings,
      };
      const version = await writeOwnTenant(trx, row.version, change);
      // The version read is gone now: a second write from it changes nothing.
      expect(await writeOwnTenant(trx, row.version, { ...change, modules: ['registration'] })).toBeUndefined();
      return version;
    });
    expect(written).toBeDefined();
    expect((await rowOf(ours.id)).branding.logoText).toBe('OURS');
    expect((await rowOf(ours.id)).modules).toEqual([]);
    expect(await rowOf(theirs.id)).toEqual(before);
  });

  it('refuses outside a tenant’s transaction, and to every role but the app’s', async () => {
    const ours = await createTenant(db.current.owner);
    const call = 'SELECT change_own_tenant(now(), ARRAY[]::text[], ?::jsonb, ?::jsonb, ?::jsonb)';
    const args = ['{}', '{}', '{}'];
    await expect(db.current.app.raw(call, args)).rejects.toThrow(/outside a tenant's transaction/);
    await expectSqlState(
      withTenant(db.current.worker, ours.id, (trx) => trx.raw(call, args)),
      INSUFFICIENT_PRIVILEGE,
    );
    expect((await rowOf(ours.id)).modules).toEqual(ours.input.modules);
  });
});
