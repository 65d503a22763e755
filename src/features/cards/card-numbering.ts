// Numbering a card, the effect of the step that makes it a card of its type's format (issue #22,
// #23): the Client Card when the portal issues it, which also opens the card's money account and
// charges its activation fee; the city card when it is produced, printed with its number, with
// no account, since a personal card is free (source 001). The steps that call these are each
// workflow's (transitions.ts EFFECTS).
import type { Knex } from 'knex';
import { calendarDayIn } from '../../lib/zoned-date.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { openAccount, postCharge } from '../money/index.ts';
import { cardNumber } from './card-number.ts';
import { takeSerial } from './card-types.repo.ts';
import { numberCard } from './cards.repo.ts';
import type { CardsDeps } from './cards.deps.ts';
import type { Card, CardType } from './cards.types.ts';

/** The next number in the type's format, taken (a bearer card's too: no holder, the same serial). */
export async function nextNumber(trx: Knex.Transaction, type: CardType): Promise<string> {
  const number = cardNumber(type, await takeSerial(trx, type.id));
  if (!number) throw new Error(`card type ${type.code} has no numbers left in its format`);
  return number;
}

/** A number, the card's money account, and its activation fee due today. */
export async function numberWithFee(
  trx: Knex.Transaction,
  deps: Pick<CardsDeps, 'clock'>,
  context: ServiceContext,
  card: Card,
  type: CardType,
): Promise<Card> {
  const number = await nextNumber(trx, type);
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  const account = await openAccount(trx, {
    ownerKind: 'card',
    ownerId: card.id,
    currency: type.currency,
    kind: 'card_fees',
    name: `${type.name} ${number}`,
    openedOn: today,
  });
  if (type.activationFee > 0) {
    await postCharge(trx, context, {
      accountId: account.id,
      amount: type.activationFee,
      title: `${type.name} ${number}`,
      bookedOn: today,
      dueOn: today,
    });
  }
  await numberCard(trx, card.id, { number, accountId: account.id });
  return { ...card, number, accountId: account.id };
}

/**
 * A number and nothing else: no money account. What a city card's handover takes (its first
 * ticket or top-up) is the handover's to add, with the account it needs (city/handover/).
 */
export async function numberOnly(trx: Knex.Transaction, card: Card, type: CardType): Promise<Card> {
  const number = await nextNumber(trx, type);
  await numberCard(trx, card.id, { number });
  return { ...card, number };
}
