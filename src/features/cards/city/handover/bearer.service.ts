// City cards sold to the bearer at the counter (issue #23, source 001): no application and no
// holder, so not a row of cards but of city_bearer_cards (its migration says why). A clerk sells
// one with its first load (a period ticket, or a top-up of at least 20 zł: first-load.ts) and a
// refundable deposit of 10 zł, all paid at the till in one transaction. The card takes the next
// number of its city card type's serial, as a personal card does when produced.
//
// The deposit is the holder's money, held to be given back with the card, not income: it is paid
// into a money account of kind 'deposit' owned by the card, which the money core keeps as a
// liability (money LIABILITY_KINDS: nothing is ever charged to it, and its credit is shown as held,
// not overpaid). The load goes to the card's loads account as a charge settled at once.
import { randomUUID } from 'node:crypto';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { openAccount, postPayment } from '../../../money/index.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import { nextNumber } from '../../card-numbering.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { CardType } from '../../cards.types.ts';
import { offeredType, offeredTypes, typeOfCard } from '../../offered.ts';
import { ePurseOf } from '../ticketing/carried.ts';
import { loadsOfCard, type Load } from '../ticketing/loads.repo.ts';
import { bearerCardById, blockBearerCard, insertBearerCard, type BearerCard } from './bearer-cards.repo.ts';
import type { BearerSaleForm } from './bearer.form.ts';
import {
  checkLoad,
  openLoadsAccount,
  periodTickets,
  takeFirstLoad,
  TOP_UP_MINIMUM,
  type LoadRefusal,
} from './first-load.ts';
import type { PassType } from '../../passes/passes.types.ts';

/** The refundable deposit on a bearer card, in minor units (001: 10 zł). */
export const BEARER_DEPOSIT = 1_000;

/** What the sale form offers: the city card types, each with its period tickets, the deposit and the least top-up. */
export interface BearerOffer {
  types: { cardType: CardType; tickets: PassType[] }[];
  deposit: number;
  minimum: number;
}

export function bearerOffer(deps: CardsDeps, context: StaffContext): Promise<BearerOffer> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const cityTypes = (await offeredTypes(trx, context.tenant)).filter((type) => type.workflow === 'city_card');
    const types = await Promise.all(
      cityTypes.map(async (cardType) => ({ cardType, tickets: await periodTickets(trx, cardType.id) })),
    );
    return { types, deposit: BEARER_DEPOSIT, minimum: TOP_UP_MINIMUM.bearer };
  });
}

export type BearerSale =
  | { kind: 'sold'; id: string }
  | { kind: 'notAllowed' }
  | { kind: 'noSuchCardType' }
  | { kind: 'loadRequired' }
  | LoadRefusal;

export function sellBearerCard(
  deps: CardsDeps,
  context: StaffContext,
  input: { form: BearerSaleForm; topUpTitle: string; depositTitle: string; paymentTitle: string },
): Promise<BearerSale> {
  const { form } = input;
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<BearerSale> => {
    if (!(await mayAct(trx, context, 'cards.handOver'))) return { kind: 'notAllowed' };
    const cardType = await offeredType(trx, context.tenant, form.cardType);
    if (!cardType || cardType.workflow !== 'city_card') return { kind: 'noSuchCardType' };
    if (!form.load || !form.paid) return { kind: 'loadRequired' };
    const load = await checkLoad(trx, cardType, form.load, {
      minimum: TOP_UP_MINIMUM.bearer,
      topUpTitle: input.topUpTitle,
    });
    if (load.kind === 'ticketNotOnSale' || load.kind === 'topUpTooSmall') return load;

    const id = randomUUID();
    const number = await nextNumber(trx, cardType);
    const now = deps.clock.now();
    const today = calendarDayIn(context.tenant.timeZone, now);
    const deposit = await openAccount(trx, {
      ownerKind: 'card',
      ownerId: id,
      currency: cardType.currency,
      kind: 'deposit',
      name: `${input.depositTitle} ${number}`,
      openedOn: today,
    });
    const paid = { ...form.paid, title: input.paymentTitle };
    await postPayment(trx, context, {
      source: paid.source,
      receiptNumber: paid.receiptNumber,
      accountId: deposit.id,
      amount: BEARER_DEPOSIT,
      currency: cardType.currency,
      bookedOn: today,
      title: input.depositTitle,
    });
    const accountId = await openLoadsAccount(trx, deps, context, { ownerId: id, cardType, number });
    await insertBearerCard(trx, {
      id,
      cardTypeId: cardType.id,
      number,
      soldAt: now,
      soldBy: context.actor.staffId,
      accountId,
      depositAccountId: deposit.id,
    });
    await takeFirstLoad(trx, deps, context, {
      card: { bearerCardId: id },
      accountId,
      cardType,
      load,
      paid,
      origin: 'bearer_sale',
    });
    await recordAudit(trx, context, {
      action: 'cards.bearer_sold',
      subject: { kind: 'bearer_card', id },
      changes: { deposit: [null, BEARER_DEPOSIT], firstLoad: [null, load.kind], amount: [null, load.amount] },
    });
    return { kind: 'sold', id };
  });
}

export interface BearerCardPage {
  card: BearerCard;
  cardType: CardType;
  loads: Load[];
  /** The e-purse its loads add up to, in minor units. */
  ePurse: number;
}

export function bearerCardAtCounter(
  deps: CardsDeps,
  context: StaffContext,
  id: string,
): Promise<BearerCardPage | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.view'))) return undefined;
    const card = await bearerCardById(trx, id);
    const cardType = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
    if (!card || !cardType) return undefined;
    const loads = await loadsOfCard(trx, { bearerCardId: card.id });
    return { card, cardType, loads, ePurse: ePurseOf(loads) };
  });
}

export type BearerBlock =
  { kind: 'blocked' } | { kind: 'alreadyBlocked' } | { kind: 'notFound' } | { kind: 'notAllowed' };

/** The bearer card blocked at the bearer's word (lost, stolen): on the hot list once this commits. */
export function blockBearerCardAtCounter(deps: CardsDeps, context: StaffContext, id: string): Promise<BearerBlock> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<BearerBlock> => {
    if (!(await mayAct(trx, context, 'cards.review'))) return { kind: 'notAllowed' };
    const card = await bearerCardById(trx, id);
    if (!card || !(await typeOfCard(trx, context.tenant, card.cardTypeId))) return { kind: 'notFound' };
    if (!(await blockBearerCard(trx, card.id, deps.clock.now()))) return { kind: 'alreadyBlocked' };
    await recordAudit(trx, context, {
      action: 'cards.bearer_blocked',
      subject: { kind: 'bearer_card', id: card.id },
      changes: { state: ['active', 'blocked'] },
    });
    return { kind: 'blocked' };
  });
}
