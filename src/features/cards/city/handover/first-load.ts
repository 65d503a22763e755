// The first loading of a city card at the counter (issue #23, source 001): a period ticket from the
// card type's catalogue, or an e-purse top-up of at least the minimum (10 zł at a personal card's
// handover, 20 zł with a bearer card), paid at the till in the transaction that hands the card
// over or sells it.
//
// The ticket and the e-purse are the operator's ticketing system's: the portal records the load
// as pending for it (ticketing_loads). The money taken at the till is the portal's to account for,
// so it goes through the money core as every counter payment does: the card owns a money account
// of its loads (kind 'card_loads', the card's account_id for a personal card), the load is a charge
// on it (the ticket's name, or the top-up), and the payment at the till settles it at once, with
// its receipt number. So the ledger, the till's receipts and the audit log (postings by staff are
// audited by the money core) all have it, and the card's page lists it like a Client Card's fee.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { openAccount, postCharge, postPayment, type Currency, type PaymentSource } from '../../../money/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { CardType } from '../../cards.types.ts';
import { validityFrom } from '../../passes/pass-rules.ts';
import { passTypeByCode, passTypesOf } from '../../passes/pass-types.repo.ts';
import type { PassType } from '../../passes/passes.types.ts';
import { insertLoad, type LoadedCard, type LoadOrigin, type TicketTerms } from '../ticketing/loads.repo.ts';

/** The least first top-up, in minor units: 10 zł at a personal card's handover, 20 zł with a bearer card (001). */
export const TOP_UP_MINIMUM = { personal: 1_000, bearer: 2_000 } as const;

/** What the clerk chose to load. */
export type FirstLoad = { kind: 'ticket'; ticketCode: string } | { kind: 'top_up'; amount: number };

/** How it was paid at the till: as the money core's counter payment asks, and the payment's title. */
export interface TillPayment {
  source: Extract<PaymentSource, 'cash' | 'card'>;
  receiptNumber: string;
  title: string;
}

export type LoadRefusal = { kind: 'ticketNotOnSale' } | { kind: 'topUpTooSmall'; minimum: number; currency: Currency };

/** A load checked against the catalogue and the minimum: what it costs and what it is. */
export type CheckedLoad =
  { kind: 'ticket'; amount: number; ticket: PassType } | { kind: 'top_up'; amount: number; title: string };

/** The period tickets a city card of the type may be loaded with: on sale, valid for a number of days. */
export async function periodTickets(trx: Knex.Transaction, cardTypeId: string): Promise<PassType[]> {
  return (await passTypesOf(trx, cardTypeId)).filter(
    (type) => type.onSale && type.validityDays !== null && type.entries === null,
  );
}

/** The load as chosen, checked, or why it may not be taken; `topUpTitle` names a top-up in the ledger. */
export async function checkLoad(
  trx: Knex.Transaction,
  cardType: CardType,
  load: FirstLoad,
  rule: { minimum: number; topUpTitle: string },
): Promise<CheckedLoad | LoadRefusal> {
  if (load.kind === 'top_up') {
    if (load.amount < rule.minimum)
      return { kind: 'topUpTooSmall', minimum: rule.minimum, currency: cardType.currency };
    return { kind: 'top_up', amount: load.amount, title: rule.topUpTitle };
  }
  const ticket = await passTypeByCode(trx, load.ticketCode);
  const periodic = ticket && (await periodTickets(trx, cardType.id)).some((offered) => offered.id === ticket.id);
  if (!ticket || !periodic) return { kind: 'ticketNotOnSale' };
  return { kind: 'ticket', amount: ticket.price, ticket };
}

/** The card's account of its loads (the money core's, owned by the card), opened today. */
export async function openLoadsAccount(
  trx: Knex.Transaction,
  deps: Pick<CardsDeps, 'clock'>,
  context: ServiceContext,
  card: { ownerId: string; cardType: CardType; number: string },
): Promise<string> {
  const account = await openAccount(trx, {
    ownerKind: 'card',
    ownerId: card.ownerId,
    currency: card.cardType.currency,
    kind: 'card_loads',
    name: `${card.cardType.name} ${card.number}`,
    openedOn: calendarDayIn(context.tenant.timeZone, deps.clock.now()),
  });
  return account.id;
}

/**
 * The load taken: charged to the card's loads account and settled by the payment at the till,
 * and pending for the ticketing system.
 */
export async function takeFirstLoad(
  trx: Knex.Transaction,
  deps: Pick<CardsDeps, 'clock'>,
  context: ServiceContext,
  sale: {
    card: LoadedCard;
    accountId: string;
    cardType: CardType;
    load: CheckedLoad;
    paid: TillPayment;
    origin: LoadOrigin;
  },
): Promise<void> {
  const { cardType, load, accountId } = sale;
  const now = deps.clock.now();
  const today = calendarDayIn(context.tenant.timeZone, now);
  const title = load.kind === 'ticket' ? load.ticket.name : load.title;
  await postCharge(trx, context, { accountId, amount: load.amount, title, bookedOn: today, dueOn: today });
  await postPayment(trx, context, {
    accountId,
    amount: load.amount,
    currency: cardType.currency,
    bookedOn: today,
    ...sale.paid,
  });
  // A period ticket's days count from the day it is paid, as a pass's do (its last day included).
  const validity = load.kind === 'ticket' ? validityFrom(load.ticket, today) : undefined;
  const ticket: TicketTerms | null =
    load.kind === 'ticket'
      ? { passTypeId: load.ticket.id, name: load.ticket.name, validFrom: validity!.from, validUntil: validity!.until! }
      : null;
  await insertLoad(trx, {
    card: sale.card,
    kind: load.kind,
    origin: sale.origin,
    amount: load.amount,
    currency: cardType.currency,
    ticket,
    movedFromCardId: null,
    createdAt: now,
  });
}
