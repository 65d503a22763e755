// The client's own cards (issue #22): the types the tenant offers with the client's card of each,
// a card's page (its number, state and since when, its history, its payments, its season passes:
// my-passes.service.ts), applying, and blocking a lost card. Pages only read: a payment's
// follow-up (card.credit.ts) is what makes a card active once its fee is paid, wherever it was
// paid.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { eventsOfCard } from '../card-events.repo.ts';
import { cardMoney, type CardMoney } from '../card-money.ts';
import { cardsOfClient, openCardOf } from '../cards.repo.ts';
import type { CardsDeps } from '../cards.deps.ts';
import type { Card, CardEvent, CardType } from '../cards.types.ts';
import { offeredType, offeredTypes } from '../offered.ts';
import { moveCard, startCard, type Refusal } from '../transitions.ts';
import { transitionsOpenTo, WORKFLOW_TRAITS } from '../workflow.ts';
import { cardPasses, type CardPasses } from '../passes/card-passes.ts';

export interface CardOffer {
  type: CardType;
  card?: Card;
  /** The type's cards name their holder: its page lists the client's applications, one a holder. */
  namesHolder: boolean;
}

const currentCard = (trx: Knex.Transaction, context: ServiceContext, type: CardType) =>
  openCardOf(trx, signedInClientId(context), type.id);

/** Every type the tenant offers, with the client's card of it in play, if any. */
export function myCards(deps: CardsDeps, context: ServiceContext): Promise<CardOffer[]> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const offers: CardOffer[] = [];
    for (const type of await offeredTypes(trx, context.tenant)) {
      const { namesHolder } = WORKFLOW_TRAITS[type.workflow];
      const card = namesHolder ? undefined : await currentCard(trx, context, type);
      offers.push(card ? { type, card, namesHolder } : { type, namesHolder });
    }
    return offers;
  });
}

export interface MyCardPage {
  type: CardType;
  /** The card in play; none: the page offers to apply. */
  card?: Card;
  events: CardEvent[];
  money?: CardMoney;
  /** The passes on the card, and the catalogue to buy from. */
  passes?: CardPasses;
  /** Whether the holder may block it now (a lost card). */
  mayBlock: boolean;
  /** The client's earlier cards of the type (in a final state: rejected, replaced, …), newest first. */
  earlier: Card[];
}

export function myCard(deps: CardsDeps, context: ServiceContext, code: string): Promise<MyCardPage | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const type = await offeredType(trx, context.tenant, code);
    if (!type) return undefined;
    const card = await currentCard(trx, context, type);
    const earlier = (await cardsOfClient(trx, signedInClientId(context))).filter(
      (other) => other.cardTypeId === type.id && other.id !== card?.id,
    );
    if (!card) return { type, events: [], mayBlock: false, earlier };
    const money = await cardMoney(trx, card, context.tenant.timeZone, deps.clock.now());
    return {
      type,
      card,
      events: await eventsOfCard(trx, card.id),
      ...(money ? { money } : {}),
      passes: await cardPasses(trx, card, calendarDayIn(context.tenant.timeZone, deps.clock.now())),
      mayBlock: transitionsOpenTo(type.workflow, card.state, 'client').some((step) => step.name === 'block'),
      earlier,
    };
  });
}

export type ApplyOutcome = { kind: 'applied' } | { kind: 'alreadyOpen' } | { kind: 'notFound' };

/**
 * The client's application for a card of the type; a second finds the first (one card in play).
 * Not for a type whose cards name their holder: its application asks who for (city/apply/).
 */
export function applyForCard(deps: CardsDeps, context: ServiceContext, code: string): Promise<ApplyOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<ApplyOutcome> => {
    const type = await offeredType(trx, context.tenant, code);
    if (!type || WORKFLOW_TRAITS[type.workflow].namesHolder) return { kind: 'notFound' };
    const started = await startCard(trx, deps, context, signedInClientId(context), type);
    return { kind: started.kind === 'started' ? 'applied' : 'alreadyOpen' };
  });
}

export type BlockOutcome = { kind: 'blocked' } | { kind: 'refused'; why: Refusal } | { kind: 'notFound' };

/**
 * The holder blocks their card (lost): refused at once everywhere; a new one only at the counter.
 * A card that names its holder is blocked from its application's page (one a holder, not a type).
 */
export function blockMyCard(deps: CardsDeps, context: ServiceContext, code: string): Promise<BlockOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<BlockOutcome> => {
    const type = await offeredType(trx, context.tenant, code);
    if (!type || WORKFLOW_TRAITS[type.workflow].namesHolder) return { kind: 'notFound' };
    const card = await openCardOf(trx, signedInClientId(context), type.id);
    if (!card) return { kind: 'notFound' };
    const step = await moveCard(trx, deps, context, { card, type, name: 'block' });
    return step.kind === 'taken' ? { kind: 'blocked' } : { kind: 'refused', why: step.why };
  });
}
