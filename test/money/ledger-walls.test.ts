// The ledger in the database itself (issue #20): entries and allocations are append-only for
// everyone (the app role by its grants, the owner by the trigger, both 42501), the CHECKs hold
// the sign convention, a correction names an entry of its own account once, and the balance
// as of a date is read through the index, never a sequential scan of the entries.
import { describe, expect, it } from 'vitest';
import { balanceAsOf, postCharge, postPayment } from '../../src/features/money/index.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { CHECK_VIOLATION, expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { accountFixture, systemContextAt } from './ledger-support.ts';

const db = useTestDatabase();
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

async function postedFixture() {
  const fixture = await accountFixture(db.current);
  const context = systemContextAt(fixture.tenantId);
  const { id: accountId } = fixture.account;
  await fixture.inTenant(async (trx) => {
    await postCharge(trx, context, {
      accountId,
      amount: 1_000,
      title: 'Opłata',
      bookedOn: '2026-01-01',
      dueOn: '2026-01-15',
    });
    await postPayment(trx, context, {
      accountId,
      amount: 400,
      currency: 'PLN',
      bookedOn: '2026-01-05',
      title: 'Wpłata',
      source: 'cash',
    });
  });
  return fixture;
}

describe('the ledger’s tables', () => {
  it('refuse UPDATE, DELETE and TRUNCATE to the app role and the owner alike (42501)', async () => {
    const { tenantId } = await postedFixture();
    for (const role of ['app', 'owner'] as const) {
      const as = (sql: string) => withTenant(db.current[role], tenantId, (trx) => trx.raw(sql));
      for (const table of ['ledger_entries', 'ledger_allocations']) {
        await expectSqlState(as(`UPDATE ${table} SET amount = amount * 2`), INSUFFICIENT_PRIVILEGE);
        await expectSqlState(as(`DELETE FROM ${table}`), INSUFFICIENT_PRIVILEGE);
      }
      // Both at once: the entries alone would be refused earlier, as the allocations name them.
      await expectSqlState(as('TRUNCATE ledger_allocations, ledger_entries'), INSUFFICIENT_PRIVILEGE);
    }
    const { rows } = await withTenant(db.current.owner, tenantId, (trx) =>
      trx.raw<{ rows: { n: number }[] }>('SELECT count(*)::int AS n FROM ledger_entries'),
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('hold the sign convention and one reversal of an entry of the same account', async () => {
    const { tenantId, account } = await postedFixture();
    const other = await withTenant(db.current.app, tenantId, (trx) =>
      trx('money_accounts')
        .insert({
          owner_kind: 'client',
          owner_id: crypto.randomUUID(),
          currency: 'PLN',
          kind: 'fees',
          name: 'Inne',
          opened_on: '2026-01-01',
        })
        .returning('id'),
    );
    const insert = (row: Record<string, unknown>) =>
      withTenant(db.current.app, tenantId, (trx) =>
        trx('ledger_entries').insert({ account_id: account.id, booked_on: '2026-01-02', title: 't', ...row }),
      );
    await expectSqlState(insert({ kind: 'charge', amount: -5, due_on: '2026-01-02' }), CHECK_VIOLATION);
    await expectSqlState(insert({ kind: 'charge', amount: 5 }), CHECK_VIOLATION);
    await expectSqlState(insert({ kind: 'payment', amount: 5, payment_source: 'cash' }), CHECK_VIOLATION);
    await expectSqlState(insert({ kind: 'payment', amount: -5 }), CHECK_VIOLATION);
    await expectSqlState(insert({ kind: 'allowance', amount: 5 }), CHECK_VIOLATION);
    await expectSqlState(insert({ kind: 'correction', amount: 5 }), CHECK_VIOLATION);
    const [charge, paid] = await withTenant(db.current.app, tenantId, (trx) =>
      trx('ledger_entries').orderBy('amount', 'desc').select('id'),
    );
    await insert({ kind: 'correction', amount: -1_000, reverses_entry_id: charge.id });
    await expectSqlState(
      insert({ kind: 'correction', amount: -1_000, reverses_entry_id: charge.id }),
      UNIQUE_VIOLATION,
    );
    await expectSqlState(
      insert({ kind: 'correction', amount: 400, reverses_entry_id: paid.id, account_id: other[0].id }),
      FOREIGN_KEY_VIOLATION,
    );
  });

  it('answer the balance as of a date from the index, without a sequential scan of the entries', async () => {
    const { tenantId, account } = await postedFixture();
    // Enough entries, in many accounts, that the planner's choice means something.
    await withTenant(db.current.owner, tenantId, async (trx) => {
      await trx.raw(`
        INSERT INTO money_accounts (id, owner_kind, owner_id, currency, kind, name, opened_on)
        SELECT ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'client', gen_random_uuid(), 'PLN', 'fees', 'A', '2016-01-01'
          FROM generate_series(1, 50) AS n`);
      await trx.raw(`
        INSERT INTO ledger_entries (account_id, kind, amount, booked_on, due_on, title)
        SELECT ('00000000-0000-4000-8000-' || lpad((1 + n % 50)::text, 12, '0'))::uuid, 'charge', 1000 + n,
               date '2016-01-01' + (n / 50) * 30, date '2016-01-15' + (n / 50) * 30, 'Opłata'
          FROM generate_series(1, 6000) AS n`);
    });
    await db.current.owner.raw('ANALYZE ledger_entries');
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const listen = (data: { sql: string; bindings?: unknown[] }) => {
      if (/\bledger_entries\b/.test(data.sql)) statements.push({ sql: data.sql, bindings: data.bindings ?? [] });
    };
    db.current.app.on('query', listen);
    try {
      expect(await withTenant(db.current.app, tenantId, (trx) => balanceAsOf(trx, account.id, '2026-01-31'))).toBe(600);
    } finally {
      db.current.app.off('query', listen);
    }
    expect(statements).toHaveLength(1);
    const plan = await withTenant(db.current.app, tenantId, async (trx) => {
      const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
        `EXPLAIN ${statements[0]!.sql.replace(/\$\d+/g, '?')}`,
        statements[0]!.bindings as never,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).toMatch(/Index Only Scan using ledger_entries_booked on ledger_entries/);
    expect(plan).toMatch(/Index Cond: .*account_id.*booked_on/s);
  });
});
