// The demo ledgers: what the README promises a newcomer sees at the sports centre and the city
// office, posted through the ledger (the paid fee settled by its payment, the new one due), and
// seeding again changes nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountsOf, dueCharges } from '../../src/features/money/index.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { DEMO_LEDGERS } from '../../seeds/demo-money.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

describe('seedDemoMoney', () => {
  it('gives the demo clients an account with a fee due, once', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    for (const demo of DEMO_LEDGERS) {
      const { id } = await db.current.owner('tenants').where({ slug: demo.tenantSlug }).first('id');
      await withTenant(db.current.app, asTenantId(id), async (trx) => {
        const client = await trx('clients').where({ email_key: demo.clientEmail }).first('id');
        const accounts = await accountsOf(trx, { ownerKind: 'client', ownerId: client.id });
        expect(accounts.map(({ currency, name, balance }) => ({ currency, name, balance }))).toEqual([
          { currency: demo.currency, name: demo.name, balance: demo.due.amount },
        ]);
        const today = new Date().toISOString().slice(0, 10);
        const due = await dueCharges(trx, accounts[0]!.id, today);
        expect(due.map(({ entry, outstanding, overdue }) => [entry.title, outstanding, overdue])).toEqual([
          [demo.due.title, demo.due.amount, false],
        ]);
      });
    }
  });
});
