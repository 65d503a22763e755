// A pure in-memory model of the ledger's rules (issue #20), for the property tests: entries,
// corrections and allocations kept in arrays, settled by the rule written out again here, apart
// from the database's settle_account, so that each checks the other. The database is checked
// against it on a sample of ledgers; the model alone carries the 10,000 that the database could
// not run in a test's time.
import { debitOrder, undoAllocations, type Allocation } from '../../src/features/money/allocation.ts';

interface OpenDebit {
  id: string;
  outstanding: number;
  dueOn: string;
  bookedOn: string;
}

interface OpenCredit {
  id: string;
  unallocated: number;
  bookedOn: string;
}

const creditOrder = (a: OpenCredit, b: OpenCredit): number =>
  a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The settlements that spend the open credits on the open debits, oldest first on both sides. */
function allocate(debits: readonly OpenDebit[], credits: readonly OpenCredit[]): Allocation[] {
  const owed = debits.filter((debit) => debit.outstanding > 0).map((debit) => ({ ...debit }));
  const paid = credits.filter((credit) => credit.unallocated > 0).map((credit) => ({ ...credit }));
  owed.sort(debitOrder);
  paid.sort(creditOrder);
  const allocations: Allocation[] = [];
  let d = 0;
  let c = 0;
  while (d < owed.length && c < paid.length) {
    const debit = owed[d]!;
    const credit = paid[c]!;
    const amount = Math.min(debit.outstanding, credit.unallocated);
    allocations.push({ creditEntryId: credit.id, debitEntryId: debit.id, amount });
    debit.outstanding -= amount;
    credit.unallocated -= amount;
    if (debit.outstanding === 0) d += 1;
    if (credit.unallocated === 0) c += 1;
  }
  return allocations;
}

export interface ModelEntry {
  id: string;
  kind: 'charge' | 'payment' | 'allowance' | 'correction';
  amount: number;
  bookedOn: string;
  dueOn: string | null;
  reverses: string | null;
}

export class LedgerModel {
  readonly entries: ModelEntry[] = [];
  readonly allocations: Allocation[] = [];

  post(entry: ModelEntry): void {
    this.entries.push(entry);
    this.settle();
  }

  reverse(id: string, correctionId: string, bookedOn: string): void {
    const reversed = this.entries.find((entry) => entry.id === id)!;
    this.entries.push({
      id: correctionId,
      kind: 'correction',
      amount: -reversed.amount,
      bookedOn,
      dueOn: null,
      reverses: id,
    });
    this.allocations.push(...undoAllocations(this.allocationsOf(id)));
    this.settle();
  }

  /** Entries that may still be reversed: not corrections, not reversed. */
  standing(): ModelEntry[] {
    const reversed = new Set(this.entries.map((entry) => entry.reverses));
    return this.entries.filter((entry) => entry.kind !== 'correction' && !reversed.has(entry.id));
  }

  allocationsOf(id: string): Allocation[] {
    return this.allocations.filter((a) => a.creditEntryId === id || a.debitEntryId === id);
  }

  allocated(id: string): number {
    return this.allocationsOf(id).reduce((sum, allocation) => sum + allocation.amount, 0);
  }

  balanceAsOf(date: string): number {
    return this.entries.filter((entry) => entry.bookedOn <= date).reduce((sum, entry) => sum + entry.amount, 0);
  }

  /** What is left of each standing debit, by id. */
  outstanding(): Map<string, number> {
    return new Map(
      this.standing()
        .filter((entry) => entry.amount > 0)
        .map((entry) => [entry.id, entry.amount - this.allocated(entry.id)]),
    );
  }

  unallocatedCredit(): number {
    return this.standing()
      .filter((entry) => entry.amount < 0)
      .reduce((sum, entry) => sum - entry.amount - this.allocated(entry.id), 0);
  }

  private settle(): void {
    const standing = this.standing();
    const debits = standing
      .filter((entry) => entry.amount > 0)
      .map((entry) => ({
        id: entry.id,
        outstanding: entry.amount - this.allocated(entry.id),
        dueOn: entry.dueOn!,
        bookedOn: entry.bookedOn,
      }));
    const credits = standing
      .filter((entry) => entry.amount < 0)
      .map((entry) => ({
        id: entry.id,
        unallocated: -entry.amount - this.allocated(entry.id),
        bookedOn: entry.bookedOn,
      }));
    this.allocations.push(...allocate(debits, credits));
  }
}

/** One step of a random ledger: what to post, days counted from the account's opening. */
export type Step =
  | { op: 'charge'; amount: number; booked: number; dueIn: number }
  | { op: 'payment' | 'allowance'; amount: number; booked: number }
  | { op: 'reverse'; pick: number; booked: number };

export function dayOf(offset: number): string {
  const day = new Date(Date.UTC(2026, 0, 1 + offset));
  return day.toISOString().slice(0, 10);
}
