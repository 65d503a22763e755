// What a card's pages show of its season passes (issue #22), the holder's and the counter's
// alike: each pass on the card with its type, what it is today and its latest entries, the
// catalogue the card's type sells with what the holder is told of each reduced price, and the
// holder's entitlements as last recorded.
import type { Knex } from 'knex';
import type { Card } from '../cards.types.ts';
import { entitlementsOf } from './entitlements.repo.ts';
import { entitlementsOn, passStanding, reducedPriceOpen, type PassStanding } from './pass-rules.ts';
import { passTypesOf } from './pass-types.repo.ts';
import { entriesOfPasses, passesOnCard } from './passes.repo.ts';
import type { Entitlement, EntitlementKind, Pass, PassEntry, PassType } from './passes.types.ts';

/** How many of a pass's entries its line shows, the newest first. */
const RECENT_ENTRIES = 5;

export interface PassLine {
  pass: Pass;
  type: PassType;
  standing: PassStanding;
  /** The newest entries recorded on it. */
  recentEntries: PassEntry[];
}

/** What the holder is told of a type's reduced price. */
export type ReducedOffer = 'none' | 'open' | 'needsEntitlement' | 'soldOut';

export interface PassOffer {
  type: PassType;
  reduced: ReducedOffer;
}

export interface CardPasses {
  lines: PassLine[];
  /** The types on sale for the card's type; sold only when `mayBuy`. */
  offers: PassOffer[];
  /** The card is active: a pass needs one. */
  mayBuy: boolean;
  /** The holder's entitlements as recorded last, per kind, with whether each holds today. */
  entitlements: (Entitlement & { current: boolean })[];
}

function reducedOffer(type: PassType, entitled: ReadonlySet<EntitlementKind>): ReducedOffer {
  if (type.reducedPrice === null) return 'none';
  if (type.reducedLeft === 0) return 'soldOut';
  return reducedPriceOpen(type, entitled) ? 'open' : 'needsEntitlement';
}

/** The passes part of a card's page on the day, in the page's transaction. */
export async function cardPasses(trx: Knex.Transaction, card: Card, today: string): Promise<CardPasses> {
  const types = await passTypesOf(trx, card.cardTypeId);
  const typeById = new Map(types.map((type) => [type.id, type]));
  const passes = await passesOnCard(trx, card.id);
  const entries = await entriesOfPasses(
    trx,
    passes.map((pass) => pass.id),
  );
  const recorded = await entitlementsOf(trx, card.clientId);
  const entitled = entitlementsOn(recorded, today);
  // Recorded oldest first: the last of each kind stays.
  const latest = new Map(recorded.map((entitlement) => [entitlement.kind, entitlement]));
  return {
    lines: passes.flatMap((pass) => {
      const type = typeById.get(pass.passTypeId);
      if (!type) return [];
      const recentEntries = entries.filter((entry) => entry.passId === pass.id).slice(0, RECENT_ENTRIES);
      return [{ pass, type, standing: passStanding(pass, today), recentEntries }];
    }),
    offers: types.filter((type) => type.onSale).map((type) => ({ type, reduced: reducedOffer(type, entitled) })),
    mayBuy: card.state === 'active',
    entitlements: [...latest.values()].map((entitlement) => ({
      ...entitlement,
      current: entitled.has(entitlement.kind),
    })),
  };
}
