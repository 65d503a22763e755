// The rules of a season pass that need no database (issue #22): what it costs a client, the days
// it is valid, and whether it lets its holder in today. Days are calendar days in the tenant's
// time zone (Europe/Warsaw): a pass of 30 days paid on 28 March is valid to 26 April inclusive,
// whatever the clocks do on 29 March.
import { calendarDayAfter } from '../../../lib/zoned-date.ts';
import type { Entitlement, EntitlementKind, Pass, PassType } from './passes.types.ts';

/** The client's entitlements of each kind still valid on the day: the latest recorded of a kind counts. */
export function entitlementsOn(recorded: readonly Entitlement[], today: string): Set<EntitlementKind> {
  const latest = new Map<EntitlementKind, Entitlement>();
  for (const entitlement of recorded) {
    const known = latest.get(entitlement.kind);
    if (!known || known.recordedAt <= entitlement.recordedAt) latest.set(entitlement.kind, entitlement);
  }
  return new Set([...latest.values()].filter((entitlement) => entitlement.validUntil >= today).map((e) => e.kind));
}

/** Whether the type's reduced price is the client's to pay (an entitlement recorded, some left). */
export function reducedPriceOpen(type: PassType, entitled: ReadonlySet<EntitlementKind>): boolean {
  return (
    type.reducedPrice !== null &&
    type.reducedFor !== null &&
    entitled.has(type.reducedFor) &&
    (type.reducedLeft === null || type.reducedLeft > 0)
  );
}

/** The days a pass of the type paid on `paidOn` is valid: from that day, for its days. */
export function validityFrom(
  type: Pick<PassType, 'validityDays'>,
  paidOn: string,
): { from: string; until: string | null } {
  return {
    from: paidOn,
    until: type.validityDays === null ? null : calendarDayAfter(paidOn, type.validityDays - 1),
  };
}

export type PassStanding = 'usable' | 'unpaid' | 'cancelled' | 'expired' | 'usedUp';

/** What the pass is on the day: usable, or why not. */
export function passStanding(pass: Pass, today: string): PassStanding {
  if (pass.state !== 'valid') return pass.state;
  if (pass.validUntil !== null && pass.validUntil < today) return 'expired';
  if (pass.entriesLeft === 0) return 'usedUp';
  return 'usable';
}
