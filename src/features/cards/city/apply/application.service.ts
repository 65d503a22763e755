// A city card application as its pages show it (issue #23), and its submission: the client's
// applications of a type (one card a holder), one application with what is stored, what is
// still missing and who must apply for the holder on the day, the staff's reasons when it was
// returned; submitting it (or resubmitting it from returned) once nothing is missing, through
// the workflow (moveCard), with its submission time in the same transaction; its photo for the
// client who applied; and blocking a lost card, as the holder's account may.
import { maskPesel, parsePesel, type MaskedPesel } from '../../../../lib/pesel.ts';
import type { ApplicationRoute } from '../../../../lib/legal-capacity.ts';
import { signedInClientId, type ServiceContext } from '../../../../platform/service-context.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { mayAct } from '../../../staff/index.ts';
import { eventsOfCard } from '../../card-events.repo.ts';
import { cardsOfClient, holderOf } from '../../cards.repo.ts';
import type { Card, CardEvent, CardType } from '../../cards.types.ts';
import { moveCard } from '../../transitions.ts';
import { transitionsOpenTo } from '../../workflow.ts';
import { applicationPhoto, ownApplicationPhoto, type ApplicationPhoto } from '../application-files.ts';
import { missingFromApplication, relationsFor, routeOf, type MissingItem } from '../application-rules.ts';
import { applicationsOfCards, changeApplication } from '../city-card-applications.repo.ts';
import type { CityCardApplication, RepresentativeRelation } from '../city-card.types.ts';
import { holderPeselContext } from '../holder-pesel.ts';
import {
  applicationDay,
  EDITABLE_STATES,
  openApplication,
  type ApplicationRef,
  type CityApplyDeps,
} from './application-access.ts';
import { cityCardType } from './start-application.service.ts';

export interface MyApplications {
  type: CardType;
  /** Every card of the type the client applied for, the newest first, each with its application. */
  applications: { card: Card; application: CityCardApplication }[];
}

/** The client's applications for the city card type of this code; undefined for any other code. */
export function myApplications(
  deps: CityApplyDeps,
  context: ServiceContext,
  code: string,
): Promise<MyApplications | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const type = await cityCardType(trx, context.tenant, { code });
    if (!type) return undefined;
    const cards = (await cardsOfClient(trx, signedInClientId(context))).filter((card) => card.cardTypeId === type.id);
    const byCard = new Map(
      (
        await applicationsOfCards(
          trx,
          cards.map((card) => card.id),
        )
      ).map((a) => [a.cardId, a]),
    );
    const applications = cards.flatMap((card) => {
      const application = byCard.get(card.id);
      return application ? [{ card, application }] : [];
    });
    return { type, applications };
  });
}

export interface ApplicationView {
  type: CardType;
  card: Card;
  application: CityCardApplication;
  /** The holder's PESEL as a page may show it. */
  pesel: MaskedPesel | undefined;
  /** Who applies for the holder on the day, and the relations a representative may have. */
  route: ApplicationRoute;
  relations: readonly RepresentativeRelation[];
  missing: MissingItem[];
  /** A draft, or returned for corrections: its parts may be changed and it may be submitted. */
  editable: boolean;
  /** The staff's reasons of the last return or rejection, while it is returned or rejected. */
  reasons: string | undefined;
  events: CardEvent[];
  /** The holder's account may block it now (a lost card). */
  mayBlock: boolean;
}

export function applicationView(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
): Promise<ApplicationView | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const open = await openApplication(trx, context, ref);
    if (!open) return undefined;
    const { card, type, application } = open;
    const today = applicationDay(deps, context);
    const route = routeOf(application, today);
    const events = await eventsOfCard(trx, card.id);
    const sealed = await holderOf(trx, card.id);
    const parsed = sealed
      ? parsePesel(deps.nationalIds.open(sealed.sealed, holderPeselContext(context.tenant.id, card.id)))
      : undefined;
    const withReasons = card.state === 'returned' || card.state === 'rejected';
    return {
      type,
      card,
      application,
      pesel: parsed?.ok ? maskPesel(parsed.pesel) : undefined,
      route,
      relations: relationsFor(route),
      missing: missingFromApplication(application, today),
      editable: EDITABLE_STATES.has(card.state),
      reasons: withReasons ? (events.findLast((event) => event.reasons)?.reasons ?? undefined) : undefined,
      events,
      mayBlock:
        context.actor.kind === 'client' &&
        transitionsOpenTo(type.workflow, card.state, 'client').some((s) => s.name === 'block'),
    };
  });
}

export type SubmitOutcome =
  | { kind: 'submitted' }
  | { kind: 'incomplete'; missing: MissingItem[] }
  | { kind: 'notEditable' }
  | { kind: 'notFound' };

/** Submits the application (resubmits it when returned) if nothing is missing; else changes nothing. */
export function submitApplication(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
): Promise<SubmitOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<SubmitOutcome> => {
    const open = await openApplication(trx, context, ref, { lock: true });
    if (!open) return { kind: 'notFound' };
    const { card, type, application } = open;
    if (!EDITABLE_STATES.has(card.state)) return { kind: 'notEditable' };
    const missing = missingFromApplication(application, applicationDay(deps, context));
    if (missing.length > 0) return { kind: 'incomplete', missing };
    const name = card.state === 'draft' ? 'submit' : 'resubmit';
    const step = await moveCard(trx, deps, context, { card, type, name });
    if (step.kind !== 'taken') return { kind: 'notEditable' };
    const now = deps.clock.now();
    await changeApplication(trx, card.id, { submittedAt: now }, now);
    return { kind: 'submitted' };
  });
}

export type BlockOutcome = { kind: 'blocked' } | { kind: 'notBlocked' } | { kind: 'notFound' };

/** The holder's account blocks the card (lost or stolen): at once, everywhere. */
export function blockApplicationCard(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
): Promise<BlockOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<BlockOutcome> => {
    const open = await openApplication(trx, context, ref);
    if (!open) return { kind: 'notFound' };
    const step = await moveCard(trx, deps, context, { card: open.card, type: open.type, name: 'block' });
    return step.kind === 'taken' ? { kind: 'blocked' } : { kind: 'notBlocked' };
  });
}

/** The photo of the client's own application (the card's type that of the address). */
export function myApplicationPhoto(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
): Promise<ApplicationPhoto | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await openApplication(trx, context, ref))) return undefined;
    return ownApplicationPhoto(trx, signedInClientId(context), ref.cardId);
  });
}

/** The photo of an application, for a member of staff entering or checking it. */
export function photoAtCounter(
  deps: CityApplyDeps,
  context: ServiceContext,
  cardId: string,
): Promise<ApplicationPhoto | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'cards.apply')) ? applicationPhoto(trx, cardId) : undefined,
  );
}
