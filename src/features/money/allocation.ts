// Which debt is settled first, and how a settlement is undone (issue #20). Settling itself, the
// rule that spends an account's open credits on its open debits oldest first, runs in the
// database (migrations/functions/settle_account.sql), where every posting calls it; what is
// shown as owed is listed in the same order (debitOrder: due date, then booking date, then id).
//
// Undoing (a reversed payment or charge) never edits a settlement: each pair the entry is in
// gets a compensating allocation of minus what the pair stands at, and the freed side is
// settled anew with what else is open.

export interface Allocation {
  creditEntryId: string;
  debitEntryId: string;
  /** Positive settles; negative undoes a settlement of the same pair. */
  amount: number;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface DebitKey {
  id: string;
  dueOn: string;
  bookedOn: string;
}

export const debitOrder = (a: DebitKey, b: DebitKey): number =>
  compare(a.dueOn, b.dueOn) || compare(a.bookedOn, b.bookedOn) || compare(a.id, b.id);

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
