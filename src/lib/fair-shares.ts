// Splitting a number of places among claimants fairly (max-min fairness, "water-filling"):
// each gets an equal share, except one that wants less, whose unused places go to the
// others. The mail worker splits a batch among the tenants with mail due this way, so one
// tenant's flood cannot fill the batch while another tenant's mail waits, and a batch is
// still full whenever there is that much to send.

/**
 * How many of `places` each claimant gets, in the order of `wants`: never more than it wants,
 * every place used while someone wants it, and no claimant short of its want has two places
 * fewer than another. Places that do not divide evenly go to the earliest claimants.
 */
export function fairShares(wants: readonly number[], places: number): number[] {
  const shares = wants.map(() => 0);
  const satisfied = new Set<number>();
  let left = places;
  // Those who want no more than an equal share of what is left get what they want.
  for (const index of wants.map((_, i) => i).sort((a, b) => wants[a]! - wants[b]!)) {
    if (wants[index]! * (wants.length - satisfied.size) > left) break;
    shares[index] = wants[index]!;
    left -= wants[index]!;
    satisfied.add(index);
  }
  // The others each want more than an equal share of the rest, so they split it.
  const others = wants.map((_, i) => i).filter((index) => !satisfied.has(index));
  const even = Math.floor(left / Math.max(others.length, 1));
  others.forEach((index, position) => {
    shares[index] = even + (position < left - even * others.length ? 1 : 0);
  });
  return shares;
}
