// Changes of a city card holder's data or discount by request (issue #23): the holder asks online
// (or a clerk at the counter, cards.changeData) for a new address, a new name or another discount
// on an ACTIVE card; the request waits, one at a time, until the holder comes to the counter with
// the identity document and the card, or until it is cancelled. The counter completes it in one
// audited transaction:
// - address and discount: the application's data changes; the card stays. A discount is recorded
//   electronically (the ticketing system reads it from the portal's record, the card does not
//   print it), so it needs no new card.
// - name: the name is printed on the card, so the holder gets a new one: the 10 zł deposit is paid
//   at the till into a deposit account of the new card (a liability, as the bearer card's:
//   bearer.service.ts), the old card is blocked (on the hot list at once) and replaced by the
//   replacement path (ticketing/replacement.ts: the application copied, the loads moved as
//   pending loads), and the new card's application carries the new name.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { storeUpload } from '../../../../platform/uploads/uploads.repo.ts';
import { openAccount, postPayment } from '../../../money/index.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import { cardById, holderOf, openCardOfHolder } from '../../cards.repo.ts';
import type { Card, CardType } from '../../cards.types.ts';
import { typeOfCard } from '../../offered.ts';
import { moveCard } from '../../transitions.ts';
import type { EntitlementKind } from '../../passes/passes.types.ts';
import type { ApplicationRef, CityApplyDeps } from '../apply/application-access.ts';
import { DISCOUNT_CHOICES } from '../apply/application.form.ts';
import { uploadOwner } from '../apply/application-parts.service.ts';
import { PROOF_MAX_MB } from '../apply/application-uploads.ts';
import { applicationOfCard, changeApplication, lockApplication } from '../city-card-applications.repo.ts';
import { CITY_CARD_PROOF } from '../city-card-uploads.ts';
import type { HolderAddress } from '../city-card.types.ts';
import { BEARER_DEPOSIT } from '../handover/bearer.service.ts';
import * as changes from './changes.repo.ts';
import type { CardChange } from './changes.repo.ts';

/** What the request's forms give: the discount's proof as uploaded, stored with the request. */
export type ChangeInput =
  | { kind: 'address'; address: HolderAddress }
  | { kind: 'name'; firstName: string; lastName: string }
  | {
      kind: 'discount';
      discount:
        | { kind: 'none' }
        | {
            kind: EntitlementKind;
            validUntil: string;
            proof?: { fileName: string; mediaType: string; content: Buffer };
          };
    };

export type RequestOutcome =
  | { kind: 'requested' }
  | { kind: 'notFound' }
  | { kind: 'notActive' }
  | { kind: 'alreadyOpen' }
  | { kind: 'refused'; field: string; message: string };

/** What the pages show of a card's changes: the open request, and whether one may be asked for. */
export interface ChangesShown {
  pending?: CardChange;
  mayRequest: boolean;
  /** The open request may be completed at the counter: the card is still active. */
  completable: boolean;
  /** The new card's deposit a new name costs. */
  deposit: { amount: number; currency: string };
  /** What the discount's form offers and its proof's limit, in whole megabytes. */
  discountChoices: readonly string[];
  proofLimit: number;
}

/** The city card for the actor: its holder's account (online), or a clerk who may change data. */
async function cardFor(
  trx: Knex.Transaction,
  context: ServiceContext,
  { cardId, code }: ApplicationRef,
): Promise<{ card: Card; type: CardType } | undefined> {
  const card = await cardById(trx, cardId);
  if (!card) return undefined;
  const { actor } = context;
  const allowed =
    actor.kind === 'client'
      ? actor.clientId === card.clientId
      : actor.kind === 'staff' && (await mayAct(trx, context, 'cards.changeData'));
  if (!allowed) return undefined;
  const type = await typeOfCard(trx, context.tenant, card.cardTypeId);
  if (!type || type.workflow !== 'city_card' || (code !== undefined && type.code !== code)) return undefined;
  return { card, type };
}

/** For the pages, in their own transaction: the card's open request, if any. */
export async function changesShownOf(trx: Knex.Transaction, card: Card, type: CardType): Promise<ChangesShown> {
  const pending = await changes.openChangeOf(trx, card.id);
  return {
    ...(pending ? { pending } : {}),
    mayRequest: card.state === 'active' && !pending,
    completable: card.state === 'active' && Boolean(pending),
    deposit: { amount: BEARER_DEPOSIT, currency: type.currency },
    discountChoices: DISCOUNT_CHOICES,
    proofLimit: PROOF_MAX_MB,
  };
}

export function changesShown(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
): Promise<ChangesShown | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await cardFor(trx, context, ref);
    return found && changesShownOf(trx, found.card, found.type);
  });
}

function requester(context: ServiceContext): CardChange['requestedBy'] {
  const { actor } = context;
  if (actor.kind === 'client') return { role: 'client', id: actor.clientId };
  if (actor.kind === 'staff') return { role: 'staff', id: actor.staffId };
  throw new Error(`a ${actor.kind} requests no changes`);
}

export function requestChange(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  input: ChangeInput,
): Promise<RequestOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<RequestOutcome> => {
    const found = await cardFor(trx, context, ref);
    if (!found) return { kind: 'notFound' };
    if (found.card.state !== 'active') return { kind: 'notActive' };
    if (await changes.openChangeOf(trx, found.card.id)) return { kind: 'alreadyOpen' };
    const now = deps.clock.now();
    const by = requester(context);
    let requested: changes.RequestedChange;
    if (input.kind !== 'discount') requested = input;
    else if (input.discount.kind === 'none') requested = { kind: 'discount', discount: null };
    else {
      const { proof, ...claimed } = input.discount;
      if (claimed.validUntil < calendarDayIn(context.tenant.timeZone, now)) {
        return { kind: 'refused', field: 'validUntil', message: 'cityApplication:discount.validUntilPast' };
      }
      if (!proof) return { kind: 'refused', field: 'proof', message: 'cards:changes.proofMissing' };
      const owner = uploadOwner(context);
      const proofUploadId = await storeUpload(trx, CITY_CARD_PROOF, { owner, ...proof, now });
      requested = { kind: 'discount', discount: { ...claimed, proofUploadId } };
    }
    if (!(await changes.insertChange(trx, { cardId: found.card.id, requested, by, now }))) {
      return { kind: 'alreadyOpen' };
    }
    await recordAudit(trx, context, {
      action: 'cards.change_requested',
      subject: { kind: 'card', id: found.card.id },
      changes: { requested: [null, requested.kind] },
    });
    return { kind: 'requested' };
  });
}

export type CancelOutcome = { kind: 'cancelled' } | { kind: 'notFound' } | { kind: 'nothingOpen' };

export function cancelRequest(deps: CityApplyDeps, context: ServiceContext, ref: ApplicationRef) {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<CancelOutcome> => {
    const found = await cardFor(trx, context, ref);
    if (!found) return { kind: 'notFound' };
    const open = await changes.openChangeOf(trx, found.card.id, { lock: true });
    if (!open || !(await changes.cancelChange(trx, open.id, deps.clock.now()))) return { kind: 'nothingOpen' };
    await recordAudit(trx, context, {
      action: 'cards.change_cancelled',
      subject: { kind: 'card', id: found.card.id },
      changes: { requested: [open.requested.kind, null] },
    });
    return { kind: 'cancelled' };
  });
}

/** The counter's completion: the document's number typed again, and the deposit's payment for a new name. */
export interface CompletionForm {
  documentNumber: string;
  paid?: { source: 'cash' | 'card'; receiptNumber: string };
}

export type CompletionOutcome =
  | { kind: 'completed'; newCardId?: string }
  | { kind: 'notFound' }
  | { kind: 'notAllowed' }
  /** No open request (completed or cancelled meanwhile), or the card is no longer active. */
  | { kind: 'nothingOpen' }
  | { kind: 'documentMismatch' }
  | { kind: 'paymentRequired' };

export function completeRequest(
  deps: CityApplyDeps,
  context: StaffContext,
  input: { cardId: string; form: CompletionForm; depositTitle: string },
): Promise<CompletionOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<CompletionOutcome> => {
    if (!(await mayAct(trx, context, 'cards.changeData'))) return { kind: 'notAllowed' };
    const found = await cardFor(trx, context, { cardId: input.cardId });
    if (!found) return { kind: 'notFound' };
    const { card, type } = found;
    const open = await changes.openChangeOf(trx, card.id, { lock: true });
    const application = await lockApplication(trx, card.id);
    if (!open || !application?.idDocument || card.state !== 'active') return { kind: 'nothingOpen' };
    if (input.form.documentNumber !== application.idDocument.number) return { kind: 'documentMismatch' };
    const { requested } = open;
    const now = deps.clock.now();
    let newCard: { id: string; depositAccountId: string; receiptNumber: string } | undefined;
    switch (requested.kind) {
      case 'address':
        await changeApplication(trx, card.id, { address: requested.address }, now);
        break;
      case 'discount': {
        const { discount } = requested;
        const change = discount
          ? {
              discount: { kind: discount.kind, validUntil: discount.validUntil },
              proofUploadId: discount.proofUploadId,
            }
          : { discount: null };
        await changeApplication(trx, card.id, change, now);
        break;
      }
      case 'name': {
        const { paid } = input.form;
        if (!paid) return { kind: 'paymentRequired' };
        newCard = await newCardWithName(trx, deps, context, { card, type, requested, paid, ...input, now });
        break;
      }
    }
    if (!(await changes.completeChange(trx, open.id, { now, staffId: context.actor.staffId, newCard }))) {
      return { kind: 'nothingOpen' };
    }
    const before =
      requested.kind === 'address'
        ? application.address
        : requested.kind === 'name'
          ? `${application.holderFirstName} ${application.holderLastName}`
          : application.discount;
    const after =
      requested.kind === 'address'
        ? requested.address
        : requested.kind === 'name'
          ? `${requested.firstName} ${requested.lastName}`
          : requested.discount;
    await recordAudit(trx, context, {
      action: 'cards.change_completed',
      subject: { kind: 'card', id: card.id },
      changes: {
        [requested.kind]: [before, after],
        identityChecked: [null, application.idDocument.kind],
        cardPresented: [null, true],
        ...(newCard ? { newCard: [null, newCard.id], deposit: [null, BEARER_DEPOSIT] } : {}),
      },
    });
    return { kind: 'completed', ...(newCard ? { newCardId: newCard.id } : {}) };
  });
}

/** The old card blocked and replaced (replacement.ts), the deposit paid for the new one, its new name set. */
async function newCardWithName(
  trx: Knex.Transaction,
  deps: CityApplyDeps,
  context: StaffContext,
  change: {
    card: Card;
    type: CardType;
    requested: Extract<changes.RequestedChange, { kind: 'name' }>;
    paid: { source: 'cash' | 'card'; receiptNumber: string };
    depositTitle: string;
    now: Date;
  },
): Promise<{ id: string; depositAccountId: string; receiptNumber: string }> {
  const { card, type, paid } = change;
  const blocked = await moveCard(trx, deps, context, { card, type, name: 'block' });
  if (blocked.kind !== 'taken') throw new Error(`city card ${card.id} could not be blocked: ${blocked.why}`);
  const replaced = await moveCard(trx, deps, context, { card: blocked.card, type, name: 'replace' });
  if (replaced.kind !== 'taken') throw new Error(`city card ${card.id} could not be replaced: ${replaced.why}`);
  const holder = await holderOf(trx, card.id);
  const fresh = holder && (await openCardOfHolder(trx, type.id, holder.index));
  const application = fresh && (await applicationOfCard(trx, fresh.id));
  if (!fresh || !application) throw new Error(`the replacement of city card ${card.id} is not there`);
  const { firstName, lastName } = change.requested;
  const holderDetails = {
    firstName,
    lastName,
    birthDate: application.holderBirthDate,
    incapacity: application.incapacity,
  };
  await changeApplication(trx, fresh.id, { holder: holderDetails }, change.now);
  const today = calendarDayIn(context.tenant.timeZone, change.now);
  const deposit = await openAccount(trx, {
    ownerKind: 'card',
    ownerId: fresh.id,
    currency: type.currency,
    kind: 'deposit',
    name: `${change.depositTitle} ${card.number ?? ''}`.trim(),
    openedOn: today,
  });
  await postPayment(trx, context, {
    source: paid.source,
    receiptNumber: paid.receiptNumber,
    accountId: deposit.id,
    amount: BEARER_DEPOSIT,
    currency: type.currency,
    bookedOn: today,
    title: change.depositTitle,
  });
  return { id: fresh.id, depositAccountId: deposit.id, receiptNumber: paid.receiptNumber };
}
