// Taking a card's transitions (issue #22): the one way a card's state changes. A transition is
// looked up in the card type's workflow (workflow.ts) for the card's state and the actor's role
// and refused unless it is there; the state moves by a conditional UPDATE on the state it leaves
// (cards.repo.ts moveState), so of two requests at once only one moves it and the other is told
// it moved meanwhile. Each transition appends the card's history (card_events), is recorded in
// the audit log when a person took it (the log records people; the portal's own steps are in
// the card's history with the role "system"), and runs its workflow's effect in the same
// transaction (EFFECTS). Then the portal takes the steps that are its own (AUTOMATIC), and one
// mail tells the applicant where the card ended. What a step does beyond the state is the
// workflow's, as the same step means different things: the Client Card's "issue" is the portal
// numbering it and charging its activation fee, the city card's is a clerk handing it over.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Actor, ServiceContext } from '../../platform/service-context.ts';
import { clientAddressee, type NationalIdProtector } from '../accounts/index.ts';
import { balanceAsOf } from '../money/index.ts';
import { insertCardEvent } from './card-events.repo.ts';
import { numberOnly, numberWithFee } from './card-numbering.ts';
import { pickupMailParams, type PickupMailParams } from './city/review/ready-mail.ts';
import { cardById, insertDraft, moveState, openCardOf } from './cards.repo.ts';
import type { CardsDeps } from './cards.deps.ts';
import type { Card, CardType } from './cards.types.ts';
import { replaceCityCard } from './city/ticketing/replacement.ts';
import { CARD_STATE_MAIL } from './mails.ts';
import { passesOntoNewCard } from './passes/pass-steps.ts';
import {
  allowedTransition,
  WORKFLOW_TRAITS,
  type TransitionName,
  type WorkflowName,
  type WorkflowRole,
} from './workflow.ts';

/**
 * A city card's replacement seals its holder's PESEL anew for the new card: the steps that may
 * replace one (the counter's) are given nationalIds; the others need not be.
 */
export type TransitionDeps = Pick<CardsDeps, 'clock' | 'outbox'> & { nationalIds?: NationalIdProtector };
type Deps = TransitionDeps;

/** The role an actor takes a transition in; a visitor takes none. */
export function roleOf(actor: Actor): WorkflowRole | undefined {
  switch (actor.kind) {
    case 'client':
      return 'client';
    case 'staff':
      return actor.role;
    // The operator's commands act for the tenant's management.
    case 'operator':
      return 'manager';
    case 'system':
      return 'system';
    case 'visitor':
      return undefined;
  }
}

/**
 * The steps the portal takes on its own, in this order, whenever they are open from the card's
 * state: the Client Card needs no checks (source 000), so it is approved and issued at once,
 * and made active once nothing of its fees is left to pay. The city card has none: a person
 * reviews it, records its production and delivery, and hands it over; its one step of the
 * portal's, lapsing when the pickup window has passed, is due by the calendar, not after another
 * step, and is the worker's job to take.
 */
const AUTOMATIC: Readonly<Record<WorkflowName, readonly TransitionName[]>> = {
  client_card: ['approve', 'issue', 'activate'],
  city_card: [],
};

/**
 * The portal's own steps that something outside the workflow makes due (a payment posted by the
 * money core): the ones the payment's follow-up takes (card.credit.ts). Approving is not among
 * them: a card a clerk has to look at (one entered from paper) waits for the clerk.
 */
const CATCH_UP: ReadonlySet<TransitionName> = new Set(['activate']);

type Guard = (trx: Knex.Transaction, card: Card) => Promise<boolean>;

/** Conditions of the portal's own steps (AUTOMATIC), beyond the state. */
const GUARDS: Readonly<Record<WorkflowName, Partial<Record<TransitionName, Guard>>>> = {
  client_card: { activate: feesPaid },
  city_card: {},
};

/** Nothing is left to pay on the card's account (its activation fee among it). */
export async function feesPaid(trx: Knex.Transaction, card: Card): Promise<boolean> {
  if (!card.accountId) return false;
  return (await balanceAsOf(trx, card.accountId, '9999-12-31')) <= 0;
}

export type Refusal = 'notFromState' | 'notForRole' | 'moved';
export type Step = { kind: 'taken'; card: Card; eventId: string } | { kind: 'refused'; why: Refusal };

const SYSTEM: Actor = { kind: 'system', job: 'cards' };

async function take(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  step: { card: Card; type: CardType; name: TransitionName; reasons?: string },
): Promise<Step> {
  const { card, type, name } = step;
  const role = roleOf(context.actor);
  if (!role) return { kind: 'refused', why: 'notForRole' };
  const allowed = allowedTransition(type.workflow, card.state, name, role);
  if (allowed.kind !== 'allowed') return { kind: 'refused', why: allowed.kind };
  const { to } = allowed.transition;
  const now = deps.clock.now();
  if (!(await moveState(trx, card.id, { from: card.state, to, now }))) return { kind: 'refused', why: 'moved' };
  const reasons = step.reasons?.trim() || null;
  const eventId = randomUUID();
  const { actor } = context;
  await insertCardEvent(trx, {
    id: eventId,
    cardId: card.id,
    transition: name,
    fromState: card.state,
    toState: to,
    actorRole: role,
    actorId: actor.kind === 'client' ? actor.clientId : actor.kind === 'staff' ? actor.staffId : null,
    reasons,
  });
  if (actor.kind === 'client' || actor.kind === 'staff' || actor.kind === 'operator') {
    await recordAudit(
      trx,
      { ...context, actor },
      {
        action: `cards.${name}`,
        subject: { kind: 'card', id: card.id },
        changes: { state: [card.state, to], ...(reasons ? { reasons: [null, reasons] } : {}) },
      },
    );
  }
  const moved: Card = { ...card, state: to, stateSince: now };
  const effect = EFFECTS[type.workflow][name];
  return { kind: 'taken', card: effect ? await effect(trx, deps, context, moved, type) : moved, eventId };
}

type Effect = (trx: Knex.Transaction, deps: Deps, context: ServiceContext, card: Card, type: CardType) => Promise<Card>;

/**
 * The old Client Card is out of play: the holder's new card starts at the counter that replaced
 * it, submitted through the type's workflow (issued at once with its fee), and the old card's
 * valid passes move to it in the same transaction.
 */
const replaceBlocked: Effect = async (trx, deps, context, card, type) => {
  const started = await startCard(trx, deps, context, card.clientId, type);
  await passesOntoNewCard(trx, deps, context, { from: card, to: started.card });
  return card;
};

/**
 * What a transition does beyond moving the state, in its transaction, by workflow. A city card is
 * replaced for the same holder, with its application and what it carried (city/ticketing/replacement.ts).
 */
const EFFECTS: Readonly<Record<WorkflowName, Partial<Record<TransitionName, Effect>>>> = {
  client_card: { issue: numberWithFee, replace: replaceBlocked },
  city_card: { produce: (trx, _deps, _context, card, type) => numberOnly(trx, card, type), replace: replaceCityCard },
};

/** The portal's own steps from the card's state, as far as they go; the last one taken, if any. */
async function advance(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  card: Card,
  type: CardType,
  only?: ReadonlySet<TransitionName>,
) {
  const system = { ...context, actor: SYSTEM };
  let last: Extract<Step, { kind: 'taken' }> | undefined;
  let current = card;
  for (;;) {
    let next: TransitionName | undefined;
    for (const name of AUTOMATIC[type.workflow]) {
      if (only && !only.has(name)) continue;
      if (allowedTransition(type.workflow, current.state, name, 'system').kind !== 'allowed') continue;
      const guard = GUARDS[type.workflow][name];
      if (!guard || (await guard(trx, current))) {
        next = name;
        break;
      }
    }
    if (!next) return last;
    const step = await take(trx, deps, system, { card: current, type, name: next });
    // Moved meanwhile by another request, which takes the steps that follow.
    if (step.kind !== 'taken') return last;
    last = step;
    current = step.card;
  }
}

type MailDetails = (trx: Knex.Transaction, context: ServiceContext, card: Card) => Promise<PickupMailParams>;

/** What a workflow's mail says beyond the state: the city card's where and when to pick it up. */
const MAIL_DETAILS: Readonly<Record<WorkflowName, MailDetails | undefined>> = {
  client_card: undefined,
  city_card: (trx, context, card) => pickupMailParams(trx, context.tenant, card),
};

/**
 * Tells the applicant the state their card is in now (and what is left to pay, why a return or
 * a rejection, where and when to pick the card up).
 */
async function mailState(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  step: { card: Card; type: CardType; eventId: string; reasons?: string },
) {
  const { card, type } = step;
  const addressee = await clientAddressee(trx, card.clientId);
  if (!addressee) return;
  const details = (await MAIL_DETAILS[type.workflow]?.(trx, context, card)) ?? {};
  const owed = card.accountId ? await balanceAsOf(trx, card.accountId, '9999-12-31') : 0;
  const reasons = step.reasons?.trim();
  await deps.outbox.enqueue(trx, {
    template: CARD_STATE_MAIL,
    to: addressee.email,
    locale: addressee.locale,
    userId: card.clientId,
    params: {
      firstName: addressee.firstName,
      cardName: type.name,
      cardCode: type.code,
      state: card.state,
      ...(card.number ? { number: card.number } : {}),
      ...(owed > 0 && card.state === 'issued' ? { due: { amount: owed, currency: type.currency } } : {}),
      ...(reasons ? { reasons } : {}),
      ...details,
    },
    idempotencyKey: `card-event:${step.eventId}`,
  });
}

/**
 * Takes the transition for the context's actor, then the portal's own steps that follow, and
 * mails the applicant once about where the card ended.
 */
export async function moveCard(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  step: { card: Card; type: CardType; name: TransitionName; reasons?: string },
): Promise<Step> {
  const taken = await take(trx, deps, context, step);
  if (taken.kind !== 'taken') return taken;
  const last = (await advance(trx, deps, context, taken.card, step.type)) ?? taken;
  await mailState(trx, deps, context, {
    card: last.card,
    type: step.type,
    eventId: last.eventId,
    reasons: step.reasons,
  });
  return last;
}

/**
 * The portal's own steps that a payment may have made due (CATCH_UP: the fee paid makes the card
 * active): what a payment's follow-up calls. Nothing when there is nothing to take.
 */
export async function catchUp(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  card: Card,
  type: CardType,
): Promise<Card> {
  const last = await advance(trx, deps, context, card, type, CATCH_UP);
  if (!last) return card;
  await mailState(trx, deps, context, { card: last.card, type, eventId: last.eventId });
  return last.card;
}

export type StartOutcome = { kind: 'started'; card: Card } | { kind: 'alreadyOpen'; card: Card };

/**
 * A new card of the type for the client, submitted by the context's actor (the client online, a
 * clerk at the counter): or the card of the type the client has in play already, made by an
 * earlier click or a request at the same moment (cards_one_open keeps it one). Only for a type
 * whose cards are held by their account: a card that names its holder (the city card) starts
 * as a draft with the holder and its application (city/apply/), and is submitted once complete,
 * so being asked for one here is a mistake of the caller's.
 */
export async function startCard(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  clientId: string,
  type: CardType,
): Promise<StartOutcome> {
  if (WORKFLOW_TRAITS[type.workflow].namesHolder) throw new Error(`a ${type.workflow} card starts with its holder`);
  const id = await insertDraft(trx, { cardTypeId: type.id, clientId, now: deps.clock.now() });
  if (!id) return { kind: 'alreadyOpen', card: (await openCardOf(trx, clientId, type.id))! };
  const draft = (await cardById(trx, id))!;
  const step = await moveCard(trx, deps, context, { card: draft, type, name: 'submit' });
  if (step.kind !== 'taken') throw new Error(`a new card could not be submitted: ${step.why}`);
  return { kind: 'started', card: step.card };
}
