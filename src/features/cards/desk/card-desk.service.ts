// A card at the counter (issue #22): its holder's card with its history, payments and the
// workflow's steps open to the clerk's or manager's role, and taking one (return and reject with
// the reasons the applicant is mailed). The card is read through the tenant's transaction: a card
// of another tenant is not found.
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { cityDeskOf, type CityDesk } from '../city/handover/city-desk.ts';
import { cardPasses, type CardPasses } from '../passes/card-passes.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { NationalIdProtector } from '../../accounts/index.ts';
import { mayAct, type StaffContext } from '../../staff/index.ts';
import { eventsOfCard } from '../card-events.repo.ts';
import { cardMoney, type CardMoney } from '../card-money.ts';
import { cardById } from '../cards.repo.ts';
import type { CardsDeps } from '../cards.deps.ts';
import type { Card, CardEvent, CardType } from '../cards.types.ts';
import { typeOfCard } from '../offered.ts';
import { isReviewStep } from '../city/review/review-steps.ts';
import { moveCard, roleOf, type Refusal } from '../transitions.ts';
import { transitionsOpenTo, type Transition, type TransitionName, type WorkflowName } from '../workflow.ts';

/** A city card's review steps are the review page's (city/review/), which checks the application. */
const takenHere = (workflow: WorkflowName, name: TransitionName) => workflow !== 'city_card' || !isReviewStep(name);

export interface DeskCard {
  card: Card;
  type: CardType;
  events: CardEvent[];
  money?: CardMoney;
  passes: CardPasses;
  /** The steps the acting member of staff may take from the card's state. */
  open: Transition[];
  /** A city card's pickup window, handover and loads (city/handover/city-desk.ts). */
  city?: CityDesk;
}

export function cardAtCounter(deps: CardsDeps, context: StaffContext, cardId: string): Promise<DeskCard | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.view'))) return undefined;
    const card = await cardById(trx, cardId);
    const type = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
    if (!card || !type) return undefined;
    const now = deps.clock.now();
    const money = await cardMoney(trx, card, context.tenant.timeZone, now);
    return {
      card,
      type,
      events: await eventsOfCard(trx, card.id),
      ...(money ? { money } : {}),
      passes: await cardPasses(trx, card, calendarDayIn(context.tenant.timeZone, now)),
      open: transitionsOpenTo(type.workflow, card.state, roleOf(context.actor)!).filter((step) =>
        takenHere(type.workflow, step.name),
      ),
      ...(type.workflow === 'city_card' ? { city: await cityDeskOf(trx, card, type, context.tenant.timeZone) } : {}),
    };
  });
}

export type DeskOutcome =
  | { kind: 'taken'; clientId: string }
  | { kind: 'refused'; why: Refusal }
  | { kind: 'notFound' }
  /** A city card is handed over with its form (city/handover/), which records what the step needs. */
  | { kind: 'handoverForm' };

export function transitionAtCounter(
  deps: CardsDeps & { nationalIds?: NationalIdProtector },
  context: StaffContext,
  input: { cardId: string; name: TransitionName; reasons?: string },
): Promise<DeskOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<DeskOutcome> => {
    const card = await cardById(trx, input.cardId);
    const type = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
    if (!card || !type) return { kind: 'notFound' };
    if (!(await mayAct(trx, context, 'cards.review'))) return { kind: 'refused', why: 'notForRole' };
    if (!takenHere(type.workflow, input.name)) return { kind: 'refused', why: 'notFromState' };
    if (type.workflow === 'city_card' && input.name === 'issue') return { kind: 'handoverForm' };
    const step = await moveCard(trx, deps, context, { card, type, name: input.name, reasons: input.reasons });
    return step.kind === 'taken' ? { kind: 'taken', clientId: card.clientId } : step;
  });
}
