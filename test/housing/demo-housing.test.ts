// The demo e-BOK (issue #21): what the README promises a newcomer sees at the housing
// cooperative. Maria Zielińska holds a right to her flat and her garage, each with a
// maintenance account and a repair fund, an account number that passes the banks' check, fees,
// and three years of history with last month overdue; seeding again changes nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountsOf, dueCharges } from '../../src/features/money/index.ts';
import { isValidNrb } from '../../src/lib/nrb.ts';
import { asTenantId, tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

describe('seedDemoHousing', () => {
  it('gives Maria her flat and garage with three years of history, last month overdue, once', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    const { id } = await db.current.owner('tenants').where({ slug: 'sm-sloneczna' }).first('id');
    await withTenant(db.current.app, asTenantId(id), async (trx) => {
      const maria = await trx('clients').where({ login_key: 'sm-1042' }).first('id');
      const rights = await tenantRows(trx, 'premises_rights')
        .where({ client_id: maria.id })
        .select('premises_id', 'kind');
      expect(rights.map((right) => right.kind).sort()).toEqual(['cooperative', 'ownership']);
      const premises = await tenantRows(trx, 'premises').select('id', 'code', 'account_number');
      expect(premises.map((row) => row.code).sort()).toEqual(['SL12-003', 'SL12-004', 'SL12-G07']);
      expect(premises.every((row) => isValidNrb(row.account_number))).toBe(true);
      const flat = premises.find((row) => row.code === 'SL12-003')!;
      const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: flat.id });
      expect(accounts.map((account) => account.kind).sort()).toEqual(['maintenance', 'repair_fund']);
      const maintenance = accounts.find((account) => account.kind === 'maintenance')!;
      expect(maintenance.balance).toBeGreaterThan(0);
      const today = new Date().toISOString().slice(0, 10);
      const overdue = (await dueCharges(trx, maintenance.id, today)).filter((charge) => charge.overdue);
      expect(overdue.length).toBeGreaterThan(0);
      const entries = await tenantRows(trx, 'ledger_entries')
        .where({ account_id: maintenance.id })
        .count({ n: '*' })
        .first();
      expect(Number(entries!.n)).toBeGreaterThan(36 * 4);
    });
    const lipowa = await db.current.owner('tenants').where({ slug: 'wm-lipowa' }).first('id');
    const buildings = await withTenant(db.current.app, asTenantId(lipowa.id), (trx) =>
      tenantRows(trx, 'buildings').count({ n: '*' }).first(),
    );
    expect(Number(buildings!.n)).toBe(1);
    // The community's bank handed out a list: ten numbers left for the premises staff add.
    const unused = await withTenant(db.current.app, asTenantId(lipowa.id), (trx) =>
      tenantRows(trx, 'bank_account_numbers').whereNull('premises_id').pluck('number'),
    );
    expect(unused).toHaveLength(10);
    expect(unused.every((number: string) => isValidNrb(number))).toBe(true);
  });
});
