// The ledger's properties (issue #20) over random ledgers: the balance as of any date is the sum
// of the entries booked up to it; a reversal brings it back exactly; settling never takes more
// of a charge or a credit than it has, never leaves a pair below zero, and leaves no credit
// unspent while a debt is open. 10,000 ledgers run on the in-memory model (ledger-model.ts),
// which writes the allocation rule out apart from the database's settle_account; a sample runs
// through the real services and database and must agree with the model entry for entry,
// allocation for allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceAsOf,
  dueCharges,
  openAccount,
  postCharge,
  postPayment,
  reverseEntry,
} from '../../src/features/money/index.ts';
import { postAllowance } from '../../src/features/money/ledger.service.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { systemContextAt } from './ledger-support.ts';
import { dayOf, LedgerModel, type Step } from './ledger-model.ts';

const db = useTestDatabase();

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('charge' as const),
      amount: fc.integer({ min: 1, max: 50_000 }),
      booked: fc.nat(60),
      dueIn: fc.nat(30),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('payment' as const),
      amount: fc.integer({ min: 1, max: 60_000 }),
      booked: fc.nat(90),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('allowance' as const),
      amount: fc.integer({ min: 1, max: 10_000 }),
      booked: fc.nat(90),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), booked: fc.nat(90) }) },
);
const ledger = fc.array(step, { minLength: 1, maxLength: 16 });

let counter = 0;
const modelId = () => `e${String((counter += 1)).padStart(8, '0')}`;

/** Runs the steps on the model; `poster` may stand for the database, giving each entry its id. */
async function run(steps: readonly Step[], poster?: Poster): Promise<LedgerModel> {
  const model = new LedgerModel();
  for (const s of steps) {
    const bookedOn = dayOf(s.booked);
    if (s.op === 'reverse') {
      const standing = model.standing();
      if (standing.length === 0) continue;
      const target = standing[s.pick % standing.length]!;
      const id = poster ? await poster.reverse(target.id, bookedOn) : modelId();
      model.reverse(target.id, id, bookedOn);
      continue;
    }
    const amount = s.op === 'charge' ? s.amount : -s.amount;
    const dueOn = s.op === 'charge' ? dayOf(s.booked + s.dueIn) : null;
    const id = poster ? await poster.post(s.op, s.amount, bookedOn, dueOn) : modelId();
    model.post({ id, kind: s.op, amount, bookedOn, dueOn, reverses: null });
  }
  return model;
}

interface Poster {
  post(op: 'charge' | 'payment' | 'allowance', amount: number, bookedOn: string, dueOn: string | null): Promise<string>;
  reverse(entryId: string, bookedOn: string): Promise<string>;
}

function expectSound(model: LedgerModel): void {
  const pairs = new Map<string, number>();
  for (const a of model.allocations) {
    const key = `${a.creditEntryId}/${a.debitEntryId}`;
    pairs.set(key, (pairs.get(key) ?? 0) + a.amount);
  }
  for (const standing of pairs.values()) expect(standing).toBeGreaterThanOrEqual(0);
  const reversed = new Set(model.entries.map((entry) => entry.reverses));
  for (const entry of model.entries) {
    const allocated = model.allocated(entry.id);
    expect(allocated).toBeLessThanOrEqual(Math.abs(entry.amount));
    if (reversed.has(entry.id) || entry.kind === 'correction') expect(allocated).toBe(0);
  }
  const open = [...model.outstanding().values()].reduce((sum, left) => sum + left, 0);
  expect(Math.min(open, model.unallocatedCredit())).toBe(0);
}

describe('random ledgers', () => {
  it('keep balances, reversals and settlements sound (10,000 on the model)', async () => {
    await fc.assert(
      fc.asyncProperty(ledger, fc.nat(120), async (steps, asOf) => {
        const model = await run(steps);
        const date = dayOf(asOf);
        const booked = model.entries.filter((entry) => entry.bookedOn <= date);
        expect(model.balanceAsOf(date)).toBe(booked.reduce((sum, entry) => sum + entry.amount, 0));
        // Each reversal, once both are booked, cancels its entry exactly.
        const late = dayOf(200);
        const unreversed = model.standing().reduce((sum, entry) => sum + entry.amount, 0);
        expect(model.balanceAsOf(late)).toBe(unreversed);
        expectSound(model);
      }),
      { numRuns: 10_000 },
    );
  });

  it('agree with the database on a sample, entry for entry and allocation for allocation', async () => {
    const { id: tenantId } = await createTenant(db.current.owner);
    const context = systemContextAt(tenantId);
    const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db.current.app, tenantId, work);
    await fc.assert(
      fc.asyncProperty(ledger, async (steps) => {
        const account = await inTenant((trx) =>
          openAccount(trx, {
            ownerKind: 'client',
            ownerId: crypto.randomUUID(),
            currency: 'PLN',
            kind: 'fees',
            name: 'Opłaty',
            openedOn: '2026-01-01',
          }),
        );
        const accountId = account.id;
        const poster: Poster = {
          post: (op, amount, bookedOn, dueOn) =>
            inTenant(async (trx) => {
              if (op === 'charge')
                return (await postCharge(trx, context, { accountId, amount, title: 'Opłata', bookedOn, dueOn: dueOn! }))
                  .id;
              if (op === 'allowance')
                return (await postAllowance(trx, context, { accountId, amount, title: 'Ulga', bookedOn })).id;
              return (
                await postPayment(trx, context, {
                  accountId,
                  amount,
                  currency: 'PLN',
                  bookedOn,
                  title: 'Wpłata',
                  source: 'transfer',
                })
              ).id;
            }),
          reverse: (entryId, bookedOn) =>
            inTenant(async (trx) => (await reverseEntry(trx, context, { entryId, bookedOn, reason: 'Korekta' })).id),
        };
        const model = await run(steps, poster);
        for (const offset of [0, 30, 60, 120]) {
          const date = dayOf(offset);
          expect(await inTenant((trx) => balanceAsOf(trx, accountId, date))).toBe(model.balanceAsOf(date));
        }
        const due = await inTenant((trx) => dueCharges(trx, accountId, dayOf(200)));
        const open = [...model.outstanding()].filter(([, left]) => left > 0);
        expect(due.map((item) => [item.entry.id, item.outstanding]).sort()).toEqual(open.sort());
        const { rows } = await inTenant((trx) =>
          trx.raw<{ rows: { credit: string; debit: string; amount: string }[] }>(
            `SELECT credit_entry_id AS credit, debit_entry_id AS debit, sum(amount)::text AS amount
               FROM ledger_allocations WHERE account_id = ? GROUP BY 1, 2 HAVING sum(amount) <> 0`,
            [accountId],
          ),
        );
        const pairs = new Map<string, number>();
        for (const a of model.allocations) {
          const key = `${a.creditEntryId}/${a.debitEntryId}`;
          pairs.set(key, (pairs.get(key) ?? 0) + a.amount);
        }
        const modelPairs = [...pairs].filter(([, amount]) => amount !== 0).sort();
        expect(rows.map((row) => [`${row.credit}/${row.debit}`, Number(row.amount)]).sort()).toEqual(modelPairs);
      }),
      { numRuns: 50 },
    );
  });
});
