// The client's season passes online (issue #22): what the card's page shows of them (each pass on
// the card in play with its standing and recent entries; the catalogue of the card's type, with
// the reduced price only for a client whose entitlement a clerk recorded), buying one (charged to
// the card's account, valid from the day it is paid: card.credit.ts) and cancelling one still
// unpaid. The pass steps themselves (pass-steps.ts) are the counter's too; here they are taken
// for the signed-in client's own card, so another client's pass is not found.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { openCardOf } from '../cards.repo.ts';
import type { CardsDeps } from '../cards.deps.ts';
import type { Card, CardType } from '../cards.types.ts';
import { offeredType } from '../offered.ts';
import { entitlementsOf } from '../passes/entitlements.repo.ts';
import { entitlementsOn, passStanding, reducedPriceOpen, type PassStanding } from '../passes/pass-rules.ts';
import { cancelUnpaidPass, sellPass, type Sale } from '../passes/pass-steps.ts';
import { passTypeByCode, passTypesOf } from '../passes/pass-types.repo.ts';
import { entriesOfPasses, passById, passesOnCard } from '../passes/passes.repo.ts';
import type { Pass, PassEntry, PassType } from '../passes/passes.types.ts';

/** How many of a pass's entries its line shows, the newest first. */
const RECENT_ENTRIES = 5;

export interface PassLine {
  pass: Pass;
  type: PassType;
  standing: PassStanding;
  /** The newest entries recorded on it. */
  recentEntries: PassEntry[];
}

/** What the client is told of a type's reduced price. */
export type ReducedOffer = 'none' | 'open' | 'needsEntitlement' | 'soldOut';

export interface PassOffer {
  type: PassType;
  reduced: ReducedOffer;
}

export interface MyPasses {
  lines: PassLine[];
  /** The types on sale for the card's type; buyable only when `mayBuy`. */
  offers: PassOffer[];
  /** The card is active: a pass needs one. */
  mayBuy: boolean;
}

function reducedOffer(type: PassType, entitled: ReturnType<typeof entitlementsOn>): ReducedOffer {
  if (type.reducedPrice === null) return 'none';
  if (type.reducedLeft === 0) return 'soldOut';
  return reducedPriceOpen(type, entitled) ? 'open' : 'needsEntitlement';
}

/** The passes section of the card's page, in the page's transaction. */
export async function passesOfMyCard(
  trx: Knex.Transaction,
  deps: Pick<CardsDeps, 'clock'>,
  context: ServiceContext,
  card: Card,
  cardType: CardType,
): Promise<MyPasses> {
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  const types = await passTypesOf(trx, cardType.id);
  const typeById = new Map(types.map((type) => [type.id, type]));
  const passes = await passesOnCard(trx, card.id);
  const entries = await entriesOfPasses(
    trx,
    passes.map((pass) => pass.id),
  );
  const lines = passes.flatMap((pass) => {
    const type = typeById.get(pass.passTypeId);
    if (!type) return [];
    const recentEntries = entries.filter((entry) => entry.passId === pass.id).slice(0, RECENT_ENTRIES);
    return [{ pass, type, standing: passStanding(pass, today), recentEntries }];
  });
  const entitled = entitlementsOn(await entitlementsOf(trx, card.clientId), today);
  const offers = types.filter((type) => type.onSale).map((type) => ({ type, reduced: reducedOffer(type, entitled) }));
  return { lines, offers, mayBuy: card.state === 'active' };
}

export type PurchaseOutcome = { kind: 'bought' } | Exclude<Sale, { kind: 'bought' }> | { kind: 'notFound' };

/**
 * A pass of the catalogue bought by the client on their card of the type, unpaid until they pay
 * it. A type that is not the card's, or of no catalogue here, is not on sale.
 */
export function buyPass(
  deps: CardsDeps,
  context: ServiceContext,
  code: string,
  choice: { passType: string; price: 'full' | 'reduced' },
): Promise<PurchaseOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PurchaseOutcome> => {
    const cardType = await offeredType(trx, context.tenant, code);
    if (!cardType) return { kind: 'notFound' };
    const card = await openCardOf(trx, signedInClientId(context), cardType.id);
    if (!card) return { kind: 'cardNotActive' };
    const passType = await passTypeByCode(trx, choice.passType);
    if (!passType) return { kind: 'notOnSale' };
    const sale = await sellPass(trx, deps, context, { card, cardType, passType, reduced: choice.price === 'reduced' });
    return sale.kind === 'bought' ? { kind: 'bought' } : sale;
  });
}

export type PassCancellation = { kind: 'cancelled' } | { kind: 'notUnpaid' } | { kind: 'notFound' };

/** The client's unpaid pass cancelled, its charge reversed with the reason given. */
export function cancelMyPass(
  deps: CardsDeps,
  context: ServiceContext,
  cancellation: { code: string; passId: string; reason: string },
): Promise<PassCancellation> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PassCancellation> => {
    const cardType = await offeredType(trx, context.tenant, cancellation.code);
    const card = cardType && (await openCardOf(trx, signedInClientId(context), cardType.id));
    const pass = card && (await passById(trx, cancellation.passId));
    if (!pass || pass.cardId !== card.id) return { kind: 'notFound' };
    return cancelUnpaidPass(trx, deps, context, pass, cancellation.reason);
  });
}
