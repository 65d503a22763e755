// Who may see and work on a city card application (issue #23), judged in the transaction that
// reads it: the client who applied for it (online), or a member of staff who may enter
// applications (cards.apply: the counter's paper form). Anyone else, a card of another tenant,
// a card of a type the tenant no longer offers and a card that is no city card find nothing:
// the pages answer 404, as for a card that is not there. What the services share beside it:
// their deps, the application's day (the tenant's calendar day) and whether it may be changed.
import type { Knex } from 'knex';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import type { NationalIdProtector } from '../../../accounts/index.ts';
import { mayAct } from '../../../staff/index.ts';
import { cardById } from '../../cards.repo.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { Card, CardType } from '../../cards.types.ts';
import { typeOfCard } from '../../offered.ts';
import { WORKFLOW_TRAITS, type CardState } from '../../workflow.ts';
import { applicationOfCard, lockApplication } from '../city-card-applications.repo.ts';
import type { CityCardApplication } from '../city-card.types.ts';

export interface CityApplyDeps extends CardsDeps {
  nationalIds: NationalIdProtector;
}

export interface OpenApplication {
  card: Card;
  type: CardType;
  application: CityCardApplication;
}

/** The states in which the applicant (or the clerk) changes an application: before it is submitted, or when returned. */
export const EDITABLE_STATES: ReadonlySet<CardState> = new Set(['draft', 'returned']);

/** Today in the tenant's time zone: the day of application the age rules go by. */
export const applicationDay = (deps: Pick<CardsDeps, 'clock'>, context: ServiceContext): string =>
  calendarDayIn(context.tenant.timeZone, deps.clock.now());

/** Whether the context's actor may work on applications for this client's cards. */
export async function mayApplyFor(trx: Knex.Transaction, context: ServiceContext, clientId: string): Promise<boolean> {
  const { actor } = context;
  if (actor.kind === 'client') return actor.clientId === clientId;
  return actor.kind === 'staff' && (await mayAct(trx, context, 'cards.apply'));
}

/** An application by its card, and the card type's code where the address names one (the client's pages). */
export interface ApplicationRef {
  cardId: string;
  code?: string;
}

/**
 * The card's application for the context's actor, or undefined. `lock` takes the application's
 * row for the rest of the transaction (lockApplication): what changes it asks for that.
 */
export async function openApplication(
  trx: Knex.Transaction,
  context: ServiceContext,
  { cardId, code }: ApplicationRef,
  { lock = false }: { lock?: boolean } = {},
): Promise<OpenApplication | undefined> {
  const card = await cardById(trx, cardId);
  if (!card || !(await mayApplyFor(trx, context, card.clientId))) return undefined;
  const type = await typeOfCard(trx, context.tenant, card.cardTypeId);
  if (!type || !WORKFLOW_TRAITS[type.workflow].namesHolder) return undefined;
  if (code !== undefined && type.code !== code) return undefined;
  const application = await (lock ? lockApplication(trx, cardId) : applicationOfCard(trx, cardId));
  if (!application) return undefined;
  // Locked, the card is read again: a transition taken while this waited for the lock counts.
  return { card: lock ? ((await cardById(trx, cardId)) ?? card) : card, type, application };
}
