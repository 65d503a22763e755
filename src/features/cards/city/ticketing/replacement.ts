// Replacing a personal city card (issue #23, source 001): the effect of the workflow's 'replace'
// (blocked → replaced, staff only) for the city card, in the transaction of the step. The old card
// was blocked at once when it was reported (so it is on the hot list, and stays there replaced);
// its holder gets a new card of the type, for the same holder: their PESEL, sealed to the new
// card's id (a seal is bound to its card, so it is opened and sealed again, never copied), and a
// copy of the application (the photo, the document, the discount), submitted anew so that the
// new card is reviewed, produced and handed over like any, its pickup window from today. What
// the old card carried as the portal knows it moves to the new one as pending loads for the
// ticketing system: its tickets still valid and its e-purse balance (carried.ts).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { cardById, holderOf, insertHolderDraft } from '../../cards.repo.ts';
import type { Card, CardType } from '../../cards.types.ts';
import { passesOntoNewCard } from '../../passes/pass-steps.ts';
import { moveCard, type TransitionDeps } from '../../transitions.ts';
import { applicationOfCard, changeApplication, insertApplication } from '../city-card-applications.repo.ts';
import { holderPeselContext, sealHolder } from '../holder-pesel.ts';
import { ePurseOf, ticketsValidOn } from './carried.ts';
import { insertLoad, loadsOfCard } from './loads.repo.ts';

export async function replaceCityCard(
  trx: Knex.Transaction,
  deps: TransitionDeps,
  context: ServiceContext,
  card: Card,
  type: CardType,
): Promise<Card> {
  const { nationalIds } = deps;
  if (!nationalIds) throw new Error("a city card's replacement seals its holder's PESEL anew: give it nationalIds");
  const holder = await holderOf(trx, card.id);
  const application = await applicationOfCard(trx, card.id);
  if (!holder || !application) throw new Error(`city card ${card.id} has no holder or application to carry over`);
  const tenantId = context.tenant.id;
  const pesel = nationalIds.open(holder.sealed, holderPeselContext(tenantId, card.id));
  const id = randomUUID();
  const now = deps.clock.now();
  const sealed = sealHolder(nationalIds, tenantId, id, pesel);
  // The old card is replaced (a final state) already: nothing else of the holder's is in play.
  if (!(await insertHolderDraft(trx, { id, cardTypeId: type.id, clientId: card.clientId, holder: sealed, now }))) {
    throw new Error(`the holder of city card ${card.id} has another card in play`);
  }
  const holderDetails = {
    firstName: application.holderFirstName,
    lastName: application.holderLastName,
    birthDate: application.holderBirthDate,
    incapacity: application.incapacity,
  };
  await insertApplication(trx, { cardId: id, holder: holderDetails, now });
  const { discount } = application;
  await changeApplication(
    trx,
    id,
    {
      address: application.address,
      representative: application.representative,
      idDocument: application.idDocument,
      photoUploadId: application.photoUploadId,
      discount: discount && { kind: discount.kind, validUntil: discount.validUntil },
      proofUploadId: discount?.proofUploadId ?? null,
      submittedAt: now,
    },
    now,
  );
  const step = await moveCard(trx, deps, context, { card: (await cardById(trx, id))!, type, name: 'submit' });
  if (step.kind !== 'taken') throw new Error(`a replacement city card could not be submitted: ${step.why}`);
  await passesOntoNewCard(trx, deps, context, { from: card, to: step.card });
  await loadsOntoNewCard(trx, { from: card, to: step.card, now, today: calendarDayIn(context.tenant.timeZone, now) });
  return card;
}

/** The old card's valid tickets and e-purse balance, pending for the new card. */
async function loadsOntoNewCard(
  trx: Knex.Transaction,
  move: { from: Card; to: Card; now: Date; today: string },
): Promise<void> {
  const loads = await loadsOfCard(trx, { cardId: move.from.id });
  const moved = { card: { cardId: move.to.id }, origin: 'replacement', movedFromCardId: move.from.id } as const;
  for (const ticket of ticketsValidOn(loads, move.today)) {
    await insertLoad(trx, {
      ...moved,
      kind: 'ticket',
      amount: ticket.amount,
      currency: ticket.currency,
      ticket: ticket.ticket,
      createdAt: move.now,
    });
  }
  const balance = ePurseOf(loads);
  const currency = loads[0]?.currency;
  if (balance > 0 && currency) {
    await insertLoad(trx, { ...moved, kind: 'balance', amount: balance, currency, ticket: null, createdAt: move.now });
  }
}
