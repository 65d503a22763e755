// Who settles what (issue #20), as pure rules, so that the service and the property tests' model
// of a ledger share them. A credit (a payment, an allowance, an opening overpayment) settles the
// open debits (charges, an opening debt) oldest first: by due date, then booking date, then id.
// Credits are spent oldest first as well (booking date, then id). Neither side is ever taken
// beyond what it has left, so nothing is over-settled; what no debit takes stays as credit and
// settles the next debit posted (the service runs settle after every posting).
//
// Undoing (a reversed payment or charge) never edits a settlement: each pair the entry is in
// gets a compensating allocation of minus what the pair stands at, and the freed side is
// settled anew with what else is open.

export interface OpenDebit {
  id: string;
  /** What is left to pay of it, > 0. */
  outstanding: number;
  dueOn: string;
  bookedOn: string;
}

export interface OpenCredit {
  id: string;
  /** What is left of it to settle debts with, > 0. */
  unallocated: number;
  bookedOn: string;
}

export interface Allocation {
  creditEntryId: string;
  debitEntryId: string;
  /** Positive settles; negative undoes a settlement of the same pair. */
  amount: number;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type DebitKey = Pick<OpenDebit, 'id' | 'dueOn' | 'bookedOn'>;

export const debitOrder = (a: DebitKey, b: DebitKey): number =>
  compare(a.dueOn, b.dueOn) || compare(a.bookedOn, b.bookedOn) || compare(a.id, b.id);

export const creditOrder = (a: OpenCredit, b: OpenCredit): number =>
  compare(a.bookedOn, b.bookedOn) || compare(a.id, b.id);

/** The settlements that spend the open credits on the open debits, oldest first on both sides. */
export function allocate(debits: readonly OpenDebit[], credits: readonly OpenCredit[]): Allocation[] {
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

/** The compensating rows that bring every pair of `allocations` back to zero. */
export function undoAllocations(allocations: readonly Allocation[]): Allocation[] {
  const standing = new Map<string, Allocation>();
  for (const allocation of allocations) {
    const key = `${allocation.creditEntryId}/${allocation.debitEntryId}`;
    const pair = standing.get(key) ?? { ...allocation, amount: 0 };
    pair.amount += allocation.amount;
    standing.set(key, pair);
  }
  return [...standing.values()].filter((pair) => pair.amount !== 0).map((pair) => ({ ...pair, amount: -pair.amount }));
}
