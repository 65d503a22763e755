// One city card application under review (issue #23): what the applicant sent, the holder's
// PESEL opened only to be masked, the route they applied by, what is still missing, the card's
// history and the review steps open to the member of staff; taking a step (approve, return or
// reject with reasons, produced, delivered) through transitions.ts moveCard, which audits it,
// appends the card's history and mails the applicant. A step is taken only from the state the
// page showed (its version: when the card reached it), so a form left open while the card moved
// on changes nothing; approving waits until nothing is missing. Reading the page is audited.
import type { Knex } from 'knex';
import { applicationRoute, type ApplicationRoute } from '../../../../lib/legal-capacity.ts';
import { ageOn, maskPesel, parsePesel, type MaskedPesel } from '../../../../lib/pesel.ts';
import type { PickupWindow } from '../../../../lib/pickup-window.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { NationalIdProtector } from '../../../accounts/index.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import { eventsOfCard } from '../../card-events.repo.ts';
import { cardById, holderOf } from '../../cards.repo.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { Card, CardEvent, CardType } from '../../cards.types.ts';
import { typeOfCard } from '../../offered.ts';
import { moveCard, roleOf } from '../../transitions.ts';
import { missingFromApplication, type MissingItem } from '../application-rules.ts';
import { applicationOfCard } from '../city-card-applications.repo.ts';
import type { CityCardApplication } from '../city-card.types.ts';
import { storedFileOf } from '../../../../platform/uploads/uploads.repo.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../city-card-uploads.ts';
import { holderPeselContext } from '../holder-pesel.ts';
import { pickupWindowOf } from '../pickup.ts';
import { reviewStepsOpen, type ReviewStep } from './review-steps.ts';

export type ReviewDeps = CardsDeps & { nationalIds: NationalIdProtector };

export interface ApplicationUnderReview {
  card: Card;
  type: CardType;
  application: CityCardApplication;
  /** The holder's PESEL as a page may show it; undefined if it no longer opens (a key gone). */
  pesel: MaskedPesel | undefined;
  /** The holder's age on the tenant's today. */
  age: number;
  /** Who applied, as the holder's age and capacity on the day of the application made it. */
  route: ApplicationRoute;
  missing: MissingItem[];
  pickup: PickupWindow | undefined;
  events: CardEvent[];
  /** The review steps the member of staff may take from the card's state. */
  steps: ReviewStep[];
}

interface Found {
  card: Card;
  type: CardType;
  application: CityCardApplication;
}

/** The city card and its application, of this tenant and a type it offers. */
async function findApplication(trx: Knex.Transaction, context: StaffContext, cardId: string) {
  const card = await cardById(trx, cardId);
  const type = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
  const application = type?.workflow === 'city_card' ? await applicationOfCard(trx, cardId) : undefined;
  return card && type && application ? { card, type, application } : undefined;
}

function maskedHolderPesel(deps: ReviewDeps, tenantId: string, cardId: string, sealed: Buffer) {
  const parsed = parsePesel(deps.nationalIds.open(sealed, holderPeselContext(tenantId, cardId)));
  return parsed.ok ? maskPesel(parsed.pesel) : undefined;
}

export function applicationUnderReview(
  deps: ReviewDeps,
  context: StaffContext,
  cardId: string,
): Promise<ApplicationUnderReview | undefined> {
  const zone = context.tenant.timeZone;
  const now = deps.clock.now();
  const today = calendarDayIn(zone, now);
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.review'))) return undefined;
    const found: Found | undefined = await findApplication(trx, context, cardId);
    if (!found) return undefined;
    const { card, application } = found;
    const holder = await holderOf(trx, card.id);
    await recordAudit(trx, context, { action: 'cards.application_viewed', subject: { kind: 'card', id: card.id } });
    return {
      ...found,
      pesel: holder ? maskedHolderPesel(deps, context.tenant.id, card.id, holder.sealed) : undefined,
      age: ageOn(application.holderBirthDate, today),
      route: applicationRoute({
        holder: { birthDate: application.holderBirthDate },
        on: calendarDayIn(zone, application.submittedAt ?? now),
        incapacity: application.incapacity,
      }),
      missing: missingFromApplication(application, today),
      pickup: pickupWindowOf(application, zone),
      events: await eventsOfCard(trx, card.id),
      steps: reviewStepsOpen(card.state, roleOf(context.actor)!),
    };
  });
}

export type ReviewOutcome =
  | { kind: 'taken' }
  | { kind: 'notFound' }
  /** The card is no longer as the page showed it: nothing was changed. */
  | { kind: 'moved' }
  | { kind: 'incomplete'; missing: MissingItem[] }
  | { kind: 'notAllowed' };

export function takeReviewStep(
  deps: ReviewDeps,
  context: StaffContext,
  input: { cardId: string; step: ReviewStep; version: number; reasons?: string },
): Promise<ReviewOutcome> {
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<ReviewOutcome> => {
    const found = await findApplication(trx, context, input.cardId);
    if (!found) return { kind: 'notFound' };
    if (!(await mayAct(trx, context, 'cards.review'))) return { kind: 'notAllowed' };
    const { card, type, application } = found;
    if (card.stateSince.getTime() !== input.version) return { kind: 'moved' };
    if (!reviewStepsOpen(card.state, roleOf(context.actor)!).includes(input.step)) return { kind: 'moved' };
    if (input.step === 'approve') {
      const missing = missingFromApplication(application, today);
      if (missing.length > 0) return { kind: 'incomplete', missing };
    }
    const reasons = input.reasons ? { reasons: input.reasons } : {};
    const step = await moveCard(trx, deps, context, { card, type, name: input.step, ...reasons });
    if (step.kind === 'taken') return { kind: 'taken' };
    return step.why === 'notForRole' ? { kind: 'notAllowed' } : { kind: 'moved' };
  });
}

/** The application's photo or proof document, for the staff's page; undefined when there is none. */
export function applicationFile(
  deps: Pick<CardsDeps, 'db'>,
  context: StaffContext,
  input: { cardId: string; file: 'photo' | 'proof' },
): Promise<({ mediaType: string; content: Buffer } & { reference: string }) | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.review'))) return undefined;
    const found = await findApplication(trx, context, input.cardId);
    const { application } = found ?? {};
    const uploadId = input.file === 'photo' ? application?.photoUploadId : application?.discount?.proofUploadId;
    if (!application || !uploadId) return undefined;
    const file = await storedFileOf(trx, input.file === 'photo' ? CITY_CARD_PHOTO : CITY_CARD_PROOF, uploadId);
    return file && { ...file, reference: application.reference };
  });
}
