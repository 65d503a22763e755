// What happens to season passes (issue #22), each in the caller's tenant transaction: a pass
// bought (online or at the counter, only on an active card, at the reduced price only for a
// client with the entitlement recorded and one left), paid (its days start), cancelled while
// unpaid (its charge reversed, a reduced one back on sale), and an entry recorded at the counter
// (only on an active card: a blocked one is refused at once, as its row is read FOR SHARE and a
// block is an UPDATE of it). The price is charged to the card's own account, where the card's
// page lists it with its payments.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { recordAudit, type AuditChanges } from '../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { dueCharges, postCharge, postPayment, reverseEntry, type PaymentSource } from '../../money/index.ts';
import { lockCard } from '../cards.repo.ts';
import type { Card, CardType } from '../cards.types.ts';
import { WORKFLOW_TRAITS } from '../workflow.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { entitlementsOf } from './entitlements.repo.ts';
import { entitlementsOn, passStanding, reducedPriceOpen, validityFrom, type PassStanding } from './pass-rules.ts';
import { passTypeById, returnReducedPass, takeReducedPass } from './pass-types.repo.ts';
import {
  insertPass,
  insertPassEntry,
  markCancelled,
  markPaid,
  moveValidPasses,
  passById,
  passByPurchaseKey,
  passesOnCard,
  takeEntry,
} from './passes.repo.ts';
import type { Pass, PassType } from './passes.types.ts';

type Deps = Pick<CardsDeps, 'clock'>;

const today = (deps: Deps, context: ServiceContext) => calendarDayIn(context.tenant.timeZone, deps.clock.now());

async function auditPass(
  trx: Knex.Transaction,
  context: ServiceContext,
  action: string,
  passId: string,
  changes: AuditChanges,
): Promise<void> {
  const { actor } = context;
  if (actor.kind !== 'client' && actor.kind !== 'staff' && actor.kind !== 'operator') return;
  await recordAudit(trx, { ...context, actor }, { action, subject: { kind: 'pass', id: passId }, changes });
}

/** The card, read FOR SHARE, when it is active: what every pass step asks first. */
async function activeCard(trx: Knex.Transaction, cardId: string): Promise<Card | undefined> {
  const card = await lockCard(trx, cardId);
  return card?.state === 'active' && card.accountId ? card : undefined;
}

export type Sale =
  | { kind: 'bought'; pass: Pass }
  | { kind: 'cardNotActive' }
  | { kind: 'notOnSale' }
  | { kind: 'notEntitled' }
  | { kind: 'reducedSoldOut' };

/**
 * A pass of the type on the card, its price charged to the card's account today; with `paid` (at
 * the counter's till) its payment posted too, and the pass valid at once. Online it stays unpaid
 * until the payment's follow-up (settlePaidPasses), and its form's `purchaseKey` finds the pass a
 * first sending of the same form bought (a double click buys one; two at once: passes_purchase_key).
 */
export async function sellPass(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  sale: {
    card: Card;
    cardType: CardType;
    passType: PassType;
    reduced: boolean;
    paid?: { source: PaymentSource; receiptNumber: string; title: string };
    purchaseKey?: string;
  },
): Promise<Sale> {
  const { passType } = sale;
  if (!WORKFLOW_TRAITS[sale.cardType.workflow].carriesPasses) return { kind: 'notOnSale' };
  const earlier = sale.purchaseKey && (await passByPurchaseKey(trx, sale.purchaseKey));
  if (earlier) return { kind: 'bought', pass: earlier };
  const card = await activeCard(trx, sale.card.id);
  if (!card) return { kind: 'cardNotActive' };
  if (!passType.onSale || passType.cardTypeId !== card.cardTypeId) return { kind: 'notOnSale' };
  const day = today(deps, context);
  if (sale.reduced) {
    if (!reducedPriceOpen(passType, entitlementsOn(await entitlementsOf(trx, card.clientId), day))) {
      return { kind: passType.reducedLeft === 0 ? 'reducedSoldOut' : 'notEntitled' };
    }
    if (!(await takeReducedPass(trx, passType.id))) return { kind: 'reducedSoldOut' };
  }
  const price = sale.reduced ? passType.reducedPrice! : passType.price;
  const charge = await postCharge(trx, context, {
    accountId: card.accountId!,
    amount: price,
    title: passType.name,
    bookedOn: day,
    dueOn: day,
  });
  const id = await insertPass(trx, {
    passTypeId: passType.id,
    cardId: card.id,
    price,
    reduced: sale.reduced,
    chargeEntryId: charge.id,
    entriesLeft: passType.entries,
    boughtAt: deps.clock.now(),
    ...(sale.purchaseKey ? { purchaseKey: sale.purchaseKey } : {}),
  });
  await auditPass(trx, context, 'cards.pass_bought', id, {
    passType: [null, passType.code],
    price: [null, price],
    reduced: [null, sale.reduced],
  });
  if (sale.paid) {
    await postPayment(trx, context, {
      accountId: card.accountId!,
      amount: price,
      currency: sale.cardType.currency,
      bookedOn: day,
      ...sale.paid,
    });
    await settlePaidPasses(trx, deps, context, card);
  }
  return { kind: 'bought', pass: (await passById(trx, id))! };
}

/** Every unpaid pass of the card whose charge is paid in full, made valid from today. How many. */
export async function settlePaidPasses(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  card: Card,
): Promise<number> {
  if (!card.accountId) return 0;
  const unpaid = (await passesOnCard(trx, card.id)).filter((pass) => pass.state === 'unpaid');
  if (unpaid.length === 0) return 0;
  const owing = new Set((await dueCharges(trx, card.accountId, '9999-12-31')).map((due) => due.entry.id));
  const day = today(deps, context);
  let settled = 0;
  for (const pass of unpaid.filter((candidate) => !owing.has(candidate.chargeEntryId))) {
    const type = (await passTypeById(trx, pass.passTypeId))!;
    const validity = validityFrom(type, day);
    if (await markPaid(trx, pass.id, { validFrom: validity.from, validUntil: validity.until, now: deps.clock.now() })) {
      settled += 1;
    }
  }
  return settled;
}

export type Cancellation = { kind: 'cancelled' } | { kind: 'notUnpaid' };

/** The unpaid pass cancelled: its charge reversed, a reduced-price one back on sale. */
export async function cancelUnpaidPass(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  pass: Pass,
  reason: string,
): Promise<Cancellation> {
  if (!(await markCancelled(trx, pass.id))) return { kind: 'notUnpaid' };
  await reverseEntry(trx, context, { entryId: pass.chargeEntryId, bookedOn: today(deps, context), reason });
  if (pass.reduced) await returnReducedPass(trx, pass.passTypeId);
  await auditPass(trx, context, 'cards.pass_cancelled', pass.id, { state: ['unpaid', 'cancelled'] });
  return { kind: 'cancelled' };
}

export type EntryOutcome =
  | { kind: 'entered'; entriesLeft: number | null }
  | { kind: 'cardNotActive' }
  | { kind: 'refused'; standing: Exclude<PassStanding, 'usable'> };

/** One entry on the pass, recorded by the member of staff at the counter; refused unless it lets them in. */
export async function recordEntry(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext & { actor: { kind: 'staff'; staffId: string } },
  entry: { cardId: string; pass: Pass },
): Promise<EntryOutcome> {
  const card = await activeCard(trx, entry.cardId);
  if (!card) return { kind: 'cardNotActive' };
  const standing = passStanding(entry.pass, today(deps, context));
  if (standing !== 'usable') return { kind: 'refused', standing };
  const taken = await takeEntry(trx, { passId: entry.pass.id, cardId: card.id });
  // Used up (or moved to another card) by another request a moment ago.
  if (!taken) return { kind: 'refused', standing: 'usedUp' };
  await insertPassEntry(trx, {
    passId: entry.pass.id,
    cardId: card.id,
    staffId: context.actor.staffId,
    entriesLeft: taken.entriesLeft,
    enteredAt: deps.clock.now(),
  });
  await auditPass(trx, context, 'cards.pass_entered', entry.pass.id, {
    ...(taken.entriesLeft === null ? {} : { entriesLeft: [taken.entriesLeft + 1, taken.entriesLeft] }),
  });
  return { kind: 'entered', entriesLeft: taken.entriesLeft };
}

/**
 * What a replacement does to the old card's passes: every valid one moves to the new card; one
 * never paid is cancelled (its charge reversed, titled with its name), as its debt sits on the old
 * card's account, which nobody pays any more.
 */
export async function passesOntoNewCard(
  trx: Knex.Transaction,
  deps: Deps,
  context: ServiceContext,
  move: { from: Card; to: Card },
): Promise<void> {
  for (const pass of (await passesOnCard(trx, move.from.id)).filter((candidate) => candidate.state === 'unpaid')) {
    const type = (await passTypeById(trx, pass.passTypeId))!;
    await cancelUnpaidPass(trx, deps, context, pass, type.name);
  }
  await moveValidPasses(trx, move.from.id, move.to.id);
}
