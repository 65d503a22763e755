// What a card's pages show of its season passes (issue #22), the holder's and the counter's
// alike: each pass on the card with its type and what it is today, its latest entries, the
// catalogue the card's type sells, and the reduced prices open to the holder today.
import type { Knex } from 'knex';
import type { Card } from '../cards.types.ts';
import { entitlementsOf } from './entitlements.repo.ts';
import { entitlementsOn, passStanding, reducedPriceOpen, type PassStanding } from './pass-rules.ts';
import { passTypesOf } from './pass-types.repo.ts';
import { entriesOfPasses, passesOnCard } from './passes.repo.ts';
import type { Entitlement, EntitlementKind, Pass, PassEntry, PassType } from './passes.types.ts';

/** How many of a pass's latest entries a card's page lists. */
const ENTRIES_SHOWN = 5;

export interface CardPass {
  pass: Pass;
  type: PassType;
  standing: PassStanding;
  entries: PassEntry[];
}

export interface PassOffer {
  type: PassType;
  /** Whether the holder may buy it at its reduced price today. */
  reducedOpen: boolean;
}

export interface CardPasses {
  passes: CardPass[];
  /** What the card's type sells now; empty for a card that cannot carry a pass now (not active). */
  offers: PassOffer[];
  /** The holder's entitlements as recorded last, per kind, with whether each holds today. */
  entitlements: (Entitlement & { current: boolean })[];
}

export async function cardPasses(trx: Knex.Transaction, card: Card, today: string): Promise<CardPasses> {
  const types = await passTypesOf(trx, card.cardTypeId);
  const typeById = new Map(types.map((type) => [type.id, type]));
  const onCard = await passesOnCard(trx, card.id);
  const entries = await entriesOfPasses(
    trx,
    onCard.map((pass) => pass.id),
  );
  const recorded = await entitlementsOf(trx, card.clientId);
  const entitled: ReadonlySet<EntitlementKind> = entitlementsOn(recorded, today);
  const latest = new Map(recorded.map((entitlement) => [entitlement.kind, entitlement]));
  return {
    passes: onCard.map((pass) => ({
      pass,
      type: typeById.get(pass.passTypeId)!,
      standing: passStanding(pass, today),
      entries: entries.filter((entry) => entry.passId === pass.id).slice(0, ENTRIES_SHOWN),
    })),
    offers:
      card.state === 'active'
        ? types.filter((type) => type.onSale).map((type) => ({ type, reducedOpen: reducedPriceOpen(type, entitled) }))
        : [],
    entitlements: [...latest.values()].map((entitlement) => ({
      ...entitlement,
      current: entitled.has(entitlement.kind),
    })),
  };
}
