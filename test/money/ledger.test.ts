// The ledger's rules against the real database (issue #20): balances as of a date, payments
// settling the oldest debts first, credit carried to later charges, reversals undoing exactly,
// one posting per payment intent, postings to one account serialised, the audit row of a
// person's posting, and one tenant's accounts invisible to another.
import { describe, expect, it } from 'vitest';
import {
  accountsOf,
  balanceAsOf,
  dueCharges,
  findAccount,
  LedgerError,
  postCharge,
  postPayment,
  reverseEntry,
  turnover,
} from '../../src/features/money/index.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { accountFixture, staffContextAt, systemContextAt } from './ledger-support.ts';

const db = useTestDatabase({ appPoolMax: 6 });

const charge = (accountId: string, amount: number, dueOn: string, title = `charge due ${dueOn}`) => ({
  accountId,
  amount,
  title,
  bookedOn: dueOn.slice(0, 8) + '01',
  dueOn,
});
// Each payment its own receipt: a receipt is booked once on an account (ledger_entries_receipt).
let receipts = 0;
const payment = (accountId: string, amount: number, bookedOn: string, extra: { paymentIntentId?: string } = {}) => ({
  accountId,
  amount,
  currency: 'PLN' as const,
  bookedOn,
  title: 'Wpłata',
  source: 'cash' as const,
  receiptNumber: `KP/${(receipts += 1)}`,
  ...extra,
});

describe('the ledger', () => {
  it('settles the oldest due charges first and tells what is still due and overdue', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    const due = await inTenant(async (trx) => {
      const march = await postCharge(trx, context, charge(account.id, 10_000, '2026-03-15'));
      const january = await postCharge(trx, context, charge(account.id, 5_000, '2026-01-15'));
      const february = await postCharge(trx, context, charge(account.id, 7_000, '2026-02-15'));
      const paid = await postPayment(trx, context, payment(account.id, 8_000, '2026-02-20'));
      expect(paid.amount).toBe(-8_000);
      return { march, january, february, list: await dueCharges(trx, account.id, '2026-03-20') };
    });
    // January (5 000) paid in full, February 3 000 of 7 000; March untouched.
    expect(due.list.map((item) => [item.entry.id, item.outstanding, item.overdue])).toEqual([
      [due.february.id, 4_000, true],
      [due.march.id, 10_000, true],
    ]);
    const early = await inTenant((trx) => dueCharges(trx, account.id, '2026-03-15'));
    expect(early.map((item) => item.overdue)).toEqual([true, false]);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-03-31'))).toBe(14_000);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-02-28'))).toBe(4_000);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2025-12-31'))).toBe(0);
  });

  it('keeps an overpayment as credit and spends it on the next charge posted', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    await inTenant(async (trx) => {
      await postCharge(trx, context, charge(account.id, 2_000, '2026-01-15'));
      await postPayment(trx, context, payment(account.id, 5_000, '2026-01-10'));
    });
    expect(await inTenant((trx) => dueCharges(trx, account.id, '2026-12-31'))).toEqual([]);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-12-31'))).toBe(-3_000);
    await inTenant((trx) => postCharge(trx, context, charge(account.id, 4_000, '2026-02-15')));
    const [left] = await inTenant((trx) => dueCharges(trx, account.id, '2026-02-20'));
    expect(left!.outstanding).toBe(1_000);
  });

  it('undoes a reversed payment’s settlements, and a reversed charge frees its payment for the next', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    const { first, second, paid } = await inTenant(async (trx) => ({
      first: await postCharge(trx, context, charge(account.id, 3_000, '2026-01-15')),
      second: await postCharge(trx, context, charge(account.id, 3_000, '2026-02-15')),
      paid: await postPayment(trx, context, payment(account.id, 3_000, '2026-01-20')),
    }));
    // Reversing the first charge: the payment now settles the second.
    const correction = await inTenant((trx) =>
      reverseEntry(trx, context, { entryId: first.id, bookedOn: '2026-01-25', reason: 'Naliczono omyłkowo' }),
    );
    expect(correction).toMatchObject({ kind: 'correction', amount: -3_000, reversesEntryId: first.id });
    expect(await inTenant((trx) => dueCharges(trx, account.id, '2026-03-01'))).toEqual([]);
    // Reversing the payment: the second charge is due again, in full; the balance as before it.
    await inTenant((trx) => reverseEntry(trx, context, { entryId: paid.id, bookedOn: '2026-02-01', reason: 'Zwrot' }));
    const due = await inTenant((trx) => dueCharges(trx, account.id, '2026-03-01'));
    expect(due.map((item) => [item.entry.id, item.outstanding])).toEqual([[second.id, 3_000]]);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-03-01'))).toBe(3_000);
    // Once per entry; a correction is not reversed.
    await expect(
      inTenant((trx) => reverseEntry(trx, context, { entryId: paid.id, bookedOn: '2026-02-02', reason: 'x' })),
    ).rejects.toMatchObject({ problem: 'alreadyReversed' });
    await expect(
      inTenant((trx) => reverseEntry(trx, context, { entryId: correction.id, bookedOn: '2026-02-02', reason: 'x' })),
    ).rejects.toMatchObject({ problem: 'correctionNotReversible' });
  });

  it('posts a payment intent once, however often it is posted, even at once', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    await inTenant((trx) => postCharge(trx, context, charge(account.id, 2_000, '2026-01-15')));
    const intent = crypto.randomUUID();
    const posted = await Promise.all(
      Array.from({ length: 4 }, () =>
        inTenant((trx) =>
          postPayment(trx, context, payment(account.id, 2_000, '2026-01-10', { paymentIntentId: intent })),
        ),
      ),
    );
    expect(new Set(posted.map((entry) => entry.id)).size).toBe(1);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-12-31'))).toBe(0);
  });

  it('serialises payments to one account, so parallel ones never settle a charge twice', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    await inTenant((trx) => postCharge(trx, context, charge(account.id, 1_000, '2026-01-15')));
    await Promise.all(
      Array.from({ length: 5 }, () =>
        inTenant((trx) => postPayment(trx, context, payment(account.id, 600, '2026-01-10'))),
      ),
    );
    const { rows } = await withTenant(db.current.owner, tenantId, (trx) =>
      trx.raw<{ rows: { debit: string; settled: string }[] }>(
        'SELECT debit_entry_id AS debit, sum(amount)::text AS settled FROM ledger_allocations GROUP BY 1',
      ),
    );
    expect(rows.map((row) => Number(row.settled))).toEqual([1_000]);
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-12-31'))).toBe(-2_000);
  });

  it('refuses a payment in another currency, a non-integer amount and an impossible date', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const context = systemContextAt(tenantId);
    const refused = (input: Parameters<typeof postPayment>[2]) =>
      inTenant((trx) => postPayment(trx, context, input)).catch((error: unknown) => error);
    expect(await refused({ ...payment(account.id, 100, '2026-01-10'), currency: 'CZK' })).toMatchObject({
      problem: 'currencyMismatch',
    });
    expect(await refused(payment(account.id, 12.5, '2026-01-10'))).toBeInstanceOf(LedgerError);
    expect(await refused(payment(account.id, -5, '2026-01-10'))).toMatchObject({ problem: 'invalidAmount' });
    expect(await refused(payment(account.id, 100, '2026-02-30'))).toMatchObject({ problem: 'invalidDate' });
    expect(await inTenant((trx) => balanceAsOf(trx, account.id, '2026-12-31'))).toBe(0);
  });

  it('records a member of staff’s posting in the audit log, in the same transaction', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current);
    const staffId = crypto.randomUUID();
    const paid = await inTenant((trx) =>
      postPayment(trx, staffContextAt(tenantId, staffId), payment(account.id, 1_250, '2026-01-10')),
    );
    expect(paid.receiptNumber).toMatch(/^KP\/\d+$/);
    const rows = await withTenant(db.current.owner, tenantId, (trx) =>
      trx('audit_log').select('action', 'actor_id', 'subject_id', 'changes'),
    );
    expect(rows).toEqual([
      {
        action: 'money.payment_posted',
        actor_id: staffId,
        subject_id: account.id,
        changes: expect.objectContaining({
          entry: [null, paid.id],
          amount: [null, -1_250],
          receiptNumber: [null, paid.receiptNumber],
        }),
      },
    ]);
  });

  it('lists a holder’s accounts with balances, with an opening balance, and a period’s turnover', async () => {
    const { tenantId, account, inTenant } = await accountFixture(db.current, { openingBalance: 1_500 });
    const context = systemContextAt(tenantId);
    await inTenant(async (trx) => {
      await postCharge(trx, context, charge(account.id, 2_000, '2026-02-15'));
      await postPayment(trx, context, payment(account.id, 1_000, '2026-03-10'));
    });
    const listed = await inTenant((trx) => accountsOf(trx, { ownerKind: account.ownerKind, ownerId: account.ownerId }));
    expect(listed).toEqual([{ ...account, balance: 2_500 }]);
    const period = await inTenant((trx) => turnover(trx, account.id, { from: '2026-02-01', to: '2026-03-31' }));
    expect(period.opening).toBe(1_500);
    expect(period.entries.map((entry) => [entry.kind, entry.amount, entry.runningBalance])).toEqual([
      ['charge', 2_000, 3_500],
      ['payment', -1_000, 2_500],
    ]);
    expect(period.closing).toBe(2_500);
    // The opening debt is the oldest: the payment settled it first.
    const due = await inTenant((trx) => dueCharges(trx, account.id, '2026-03-31'));
    expect(due.map((item) => [item.entry.kind, item.outstanding])).toEqual([
      ['opening_balance', 500],
      ['charge', 2_000],
    ]);
  });

  it('does not show one tenant’s account to another', async () => {
    const mine = await accountFixture(db.current);
    const theirs = await accountFixture(db.current);
    expect(await mine.inTenant((trx) => findAccount(trx, theirs.account.id))).toBeUndefined();
    expect(await mine.inTenant((trx) => findAccount(trx, mine.account.id))).toEqual(mine.account);
    await expect(
      mine.inTenant((trx) =>
        postCharge(trx, systemContextAt(mine.tenantId), charge(theirs.account.id, 100, '2026-01-15')),
      ),
    ).rejects.toMatchObject({ problem: 'accountNotFound' });
  });
});
