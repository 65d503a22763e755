// A turnover read a page at a time for an export (issue #21): every entry once, in the turnover's
// own order, with the same running balances, across pages whose boundary falls between entries
// of one transaction (the same created_at to the microsecond: the id decides).
import { describe, expect, it } from 'vitest';
import { postCharge, postPayment, turnover, turnoverInPages } from '../../src/features/money/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { accountFixture, systemContextAt } from './ledger-support.ts';

const db = useTestDatabase();

describe('a turnover in pages', () => {
  it('gives every entry once, in order, with the running balances of the whole turnover', async () => {
    const fixture = await accountFixture(db.current, { openingBalance: 1_000 });
    const context = systemContextAt(fixture.tenantId);
    const accountId = fixture.account.id;
    await fixture.inTenant(async (trx) => {
      for (let day = 1; day <= 3; day += 1) {
        for (let i = 1; i <= 3; i += 1) {
          const bookedOn = `2026-03-0${day}`;
          await postCharge(trx, context, {
            accountId,
            amount: 100 * i,
            title: `C${day}${i}`,
            bookedOn,
            dueOn: bookedOn,
          });
        }
        await postPayment(trx, context, {
          accountId,
          amount: 50,
          currency: 'PLN',
          bookedOn: `2026-03-0${day}`,
          title: `P${day}`,
          source: 'cash',
        });
      }
    });
    const period = { from: '2026-02-01', to: '2026-03-31' };
    const whole = await fixture.inTenant((trx) => turnover(trx, accountId, period));
    const read: { opening?: number; pages: number; entries: { id: string; runningBalance: number }[] } = {
      pages: 0,
      entries: [],
    };
    const closing = await fixture.inTenant((trx) =>
      turnoverInPages(
        trx,
        accountId,
        period,
        {
          opening: async (balance) => void (read.opening = balance),
          page: async (entries) => {
            read.pages += 1;
            read.entries.push(...entries.map(({ id, runningBalance }) => ({ id, runningBalance })));
          },
        },
        2,
      ),
    );
    expect(read.opening).toBe(whole.opening);
    expect(read.entries).toEqual(whole.entries.map(({ id, runningBalance }) => ({ id, runningBalance })));
    expect(read.entries).toHaveLength(12);
    expect(read.pages).toBe(6);
    expect(closing).toBe(whole.closing);
  });
});
