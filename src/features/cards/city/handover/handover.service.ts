// Handing a personal city card over at the counter (issue #23, source 001): the workflow's 'issue'
// (ready → active, a clerk's or a manager's), taken together with what the handover records, all
// in one transaction: the identity checked against the application's document, the written
// confirmation and the photo handed back (audited; the photo's return on the application), and
// the first ticket or top-up paid at the till (first-load.ts), pending for the ticketing system.
// A personal card is free: nothing is charged for it. Whatever is refused is refused before
// anything is written.
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { attachAccount, cardById } from '../../cards.repo.ts';
import { typeOfCard } from '../../offered.ts';
import { moveCard } from '../../transitions.ts';
import { applicationOfCard, changeApplication } from '../city-card-applications.repo.ts';
import { loadsOfCard } from '../ticketing/loads.repo.ts';
import { checkLoad, openLoadsAccount, takeFirstLoad, TOP_UP_MINIMUM, type LoadRefusal } from './first-load.ts';
import type { HandoverForm } from './handover.form.ts';

export type HandoverOutcome =
  | { kind: 'handedOver' }
  | { kind: 'notFound' }
  | { kind: 'notAllowed' }
  /** Not ready for pickup (not yet, or handed over or lapsed meanwhile). */
  | { kind: 'notReady' }
  | { kind: 'documentMismatch' }
  /** Nothing chosen to load, on a card that carries nothing yet. */
  | { kind: 'loadRequired' }
  | LoadRefusal;

export async function handOverCard(
  deps: CardsDeps,
  context: StaffContext,
  input: { cardId: string; form: HandoverForm; topUpTitle: string; paymentTitle: string },
): Promise<HandoverOutcome> {
  const { form } = input;
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<HandoverOutcome> => {
    if (!(await mayAct(trx, context, 'cards.handOver'))) return { kind: 'notAllowed' };
    const card = await cardById(trx, input.cardId);
    const type = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
    if (!card || !type || type.workflow !== 'city_card') return { kind: 'notFound' };
    const application = await applicationOfCard(trx, card.id);
    if (card.state !== 'ready' || !application?.idDocument) return { kind: 'notReady' };
    if (form.documentNumber !== application.idDocument.number) return { kind: 'documentMismatch' };
    // A replacement's card carries its old card's tickets and balance: it needs no first load.
    const carried = (await loadsOfCard(trx, { cardId: card.id })).length > 0;
    if (!form.load && !carried) return { kind: 'loadRequired' };
    const load =
      form.load &&
      (await checkLoad(trx, type, form.load, { minimum: TOP_UP_MINIMUM.personal, topUpTitle: input.topUpTitle }));
    if (load && (load.kind === 'ticketNotOnSale' || load.kind === 'topUpTooSmall')) return load;

    const step = await moveCard(trx, deps, context, { card, type, name: 'issue' });
    // Handed over by another clerk a moment ago (the step writes nothing when refused).
    if (step.kind !== 'taken') return { kind: 'notReady' };
    const now = deps.clock.now();
    await changeApplication(trx, card.id, { photoReturnedAt: now }, now);
    if (load && form.paid) {
      const number = step.card.number!;
      const accountId = await openLoadsAccount(trx, deps, context, { ownerId: card.id, cardType: type, number });
      await attachAccount(trx, card.id, accountId);
      await takeFirstLoad(trx, deps, context, {
        card: { cardId: card.id },
        accountId,
        cardType: type,
        load,
        paid: { ...form.paid, title: input.paymentTitle },
        origin: 'handover',
      });
    }
    await recordAudit(trx, context, {
      action: 'cards.handed_over',
      subject: { kind: 'card', id: card.id },
      changes: {
        identityChecked: [null, application.idDocument.kind],
        confirmationSigned: [null, true],
        photoReturned: [null, true],
        firstLoad: [null, load ? load.kind : 'carried'],
        ...(load ? { amount: [null, load.amount] } : {}),
      },
    });
    return { kind: 'handedOver' };
  });
}
