// premises_overview (migration 20261213000400) reads a premises for one tenant and one resident:
// called for another tenant, or for a client who holds no right to the premises, it finds
// nothing; inside another tenant's transaction it refuses; the pooled connection carries no
// tenant afterwards. Only the app role may call it.
import { describe, expect, it } from 'vitest';
import { FUNDS } from '../../src/features/housing/index.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { cooperative } from '../housing/housing-support.ts';
import { tenantLeftOnConnection, useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase({ appPoolMax: 1 });

const call = (tenantId: string, clientId: string, premisesId: string) => ({
  sql: 'SELECT premises_overview(?, ?, ?, ?, ?, 4) AS overview',
  bindings: [tenantId, clientId, premisesId, '2026-12-11', [...FUNDS]],
});

describe('the premises overview function', () => {
  it('shows a resident their premises, as of the day asked for', async () => {
    const coop = await cooperative(db.current);
    const { sql, bindings } = call(coop.tenant.id, coop.anna.id, coop.flat.id);
    const { rows } = await db.current.app.raw(sql, bindings);
    const overview = rows[0].overview;
    expect(overview.premises.code).toBe(coop.flat.code);
    expect(overview.lastDay).toBe('2026-12-11');
    // November's and December's maintenance charges are unpaid; December's repair fund too.
    expect(
      overview.accounts.map((a: { account: { kind: string }; balance: string }) => [a.account.kind, a.balance]),
    ).toEqual([
      ['maintenance', '58288'],
      ['repair_fund', '10000'],
    ]);
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
  });

  it('finds nothing for another tenant, or for a client without a right to the premises', async () => {
    const coop = await cooperative(db.current);
    const other = await createTenant(db.current.owner);
    const callers: [string, string][] = [
      [other.id, coop.anna.id],
      [coop.tenant.id, coop.piotr.id],
    ];
    for (const [tenantId, clientId] of callers) {
      const { sql, bindings } = call(tenantId, clientId, coop.flat.id);
      const { rows } = await db.current.app.raw(sql, bindings);
      expect(rows).toEqual([{ overview: null }]);
    }
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
  });

  it('refuses to run inside a transaction of another tenant', async () => {
    const coop = await cooperative(db.current);
    const other = await createTenant(db.current.owner);
    const { sql, bindings } = call(coop.tenant.id, coop.anna.id, coop.flat.id);
    await expect(withTenant(db.current.app, other.id, (trx) => trx.raw(sql, bindings))).rejects.toThrow(
      /belongs to another tenant/,
    );
  });

  it('may be called by the app role only', async () => {
    const coop = await cooperative(db.current);
    const { sql, bindings } = call(coop.tenant.id, coop.anna.id, coop.flat.id);
    await expect(db.current.worker.raw(sql, bindings)).rejects.toThrow(/permission denied for function/);
  });
});
