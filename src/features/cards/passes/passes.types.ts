// Season passes' vocabulary (issue #22): a pass type of the tenant's catalogue, a client's
// entitlement to reduced prices, a pass on a card, and an entry recorded at the counter.

/** The groups a reduced price is for; a clerk records a client's, with its last day. */
export const ENTITLEMENT_KINDS = ['student', 'senior', 'disability', 'large_family'] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];

export interface PassType {
  id: string;
  /** The card type whose cards carry it. */
  cardTypeId: string;
  /** Lower-case words joined by hyphens: the pass type in addresses and forms. */
  code: string;
  name: string;
  facility: string;
  /** In minor units of the card type's currency. */
  price: number;
  /** With reducedFor: the price for clients entitled to it. */
  reducedPrice: number | null;
  reducedFor: EntitlementKind | null;
  /** How many reduced-price passes are left to sell; null: no limit. */
  reducedLeft: number | null;
  /** Valid for this many days from the day it is paid (that day the first); null: no limit in days. */
  validityDays: number | null;
  /** Good for this many entries; null: as many as the days allow. */
  entries: number | null;
  onSale: boolean;
}

export interface Entitlement {
  id: string;
  clientId: string;
  kind: EntitlementKind;
  /** Its last day (YYYY-MM-DD). */
  validUntil: string;
  recordedAt: Date;
}

export type PassState = 'unpaid' | 'valid' | 'cancelled';

export interface Pass {
  id: string;
  passTypeId: string;
  cardId: string;
  state: PassState;
  /** What was charged, in minor units. */
  price: number;
  reduced: boolean;
  /** The charge on the card's account. */
  chargeEntryId: string;
  /** Once paid (YYYY-MM-DD). */
  validFrom: string | null;
  validUntil: string | null;
  entriesLeft: number | null;
  boughtAt: Date;
  paidAt: Date | null;
}

export interface PassEntry {
  id: string;
  passId: string;
  cardId: string;
  /** What was left after it; null for a pass of days alone. */
  entriesLeft: number | null;
  enteredAt: Date;
}
