// The ledger's and the payments' functions (migration 20261212000100) scope themselves to the
// tenant they are called for: a payment posted, an account settled or a notification applied
// for another tenant finds nothing of this one's and changes nothing; inside another tenant's
// transaction they refuse; the pooled connection carries no tenant afterwards. Only the app
// role may call them.
import { describe, expect, it } from 'vitest';
import { balanceAsOf, postCharge } from '../../src/features/money/index.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { accountFixture, systemContextAt } from '../money/ledger-support.ts';
import { tenantLeftOnConnection, useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase({ appPoolMax: 1 });

/** Tenant A's account with a charge of 100,00 zł due, and tenant B. */
async function chargeAtA() {
  const fixture = await accountFixture(db.current);
  const context = systemContextAt(fixture.tenantId);
  await fixture.inTenant((trx) =>
    postCharge(trx, context, {
      accountId: fixture.account.id,
      amount: 10_000,
      title: 'Opłata',
      bookedOn: '2026-01-01',
      dueOn: '2026-01-10',
    }),
  );
  const b = await createTenant(db.current.owner);
  const ledgerOfA = () =>
    fixture.inTenant(async (trx) => ({
      balance: await balanceAsOf(trx, fixture.account.id, '2026-12-31'),
      entries: await tenantRows(trx, 'ledger_entries').count({ n: '*' }).first(),
      allocations: await tenantRows(trx, 'ledger_allocations').count({ n: '*' }).first(),
    }));
  return { ...fixture, b: b.id, ledgerOfA };
}

const postPaymentCall = (tenantId: string, accountId: string) =>
  `SELECT * FROM post_payment('${tenantId}', '${accountId}', 10000, 'PLN', '2026-01-05', 'Wpłata', 'cash', NULL, NULL)`;

describe('the payment functions', () => {
  it('post, settle and apply nothing of a tenant’s when called for another', async () => {
    const { account, b, ledgerOfA } = await chargeAtA();
    const before = await ledgerOfA();
    expect(before).toEqual({ balance: 10_000, entries: { n: '1' }, allocations: { n: '0' } });

    const { rows } = await db.current.app.raw(postPaymentCall(b, account.id));
    expect(rows).toEqual([{ entry_id: null, entry_created_at: null, posted: false, refused: 'accountNotFound' }]);
    await db.current.app.raw('SELECT settle_account(?, ?)', [b, account.id]);
    const applied = await db.current.app.raw(
      "SELECT apply_payment_notification(?, 'test', 'any-session', 'paid', 10000, 'PLN', true, now(), '2026-01-05', 'x')",
      [b],
    );
    expect(applied.rows).toEqual([
      { apply_payment_notification: { outcome: 'unknownSession', ownerKind: null, ownerId: null } },
    ]);
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
    expect(await ledgerOfA()).toEqual(before);
  });

  it('post and settle a payment for the tenant they are called for', async () => {
    const { tenantId, account, ledgerOfA } = await chargeAtA();
    const { rows } = await db.current.app.raw(postPaymentCall(tenantId, account.id));
    expect(rows).toEqual([expect.objectContaining({ posted: true, refused: null })]);
    expect(await ledgerOfA()).toEqual({ balance: 0, entries: { n: '2' }, allocations: { n: '1' } });
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
  });

  it('refuse to run inside a transaction of another tenant', async () => {
    const { tenantId, account, b, ledgerOfA } = await chargeAtA();
    const before = await ledgerOfA();
    for (const call of [
      postPaymentCall(tenantId, account.id),
      `SELECT settle_account('${tenantId}', '${account.id}')`,
      `SELECT apply_payment_notification('${tenantId}', 'test', 's', 'paid', 1, 'PLN', true, now(), '2026-01-05', 'x')`,
      `SELECT * FROM test_provider_transaction('${tenantId}', 's')`,
    ]) {
      await expect(withTenant(db.current.app, b, (trx) => trx.raw(call))).rejects.toThrow(/belongs to another tenant/);
    }
    expect(await ledgerOfA()).toEqual(before);
  });

  it('may be called by the app role only', async () => {
    const { tenantId, account } = await chargeAtA();
    for (const call of [
      postPaymentCall(tenantId, account.id),
      `SELECT settle_account('${tenantId}', '${account.id}')`,
      `SELECT apply_payment_notification('${tenantId}', 'test', 's', 'paid', 1, 'PLN', true, now(), '2026-01-05', 'x')`,
      `SELECT * FROM test_provider_transaction('${tenantId}', 's')`,
    ]) {
      await expect(db.current.worker.raw(call)).rejects.toThrow(/permission denied for function/);
    }
  });
});
