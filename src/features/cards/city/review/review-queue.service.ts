// The staff's queue of city card applications (issue #23): one state at a time (submitted by
// default), those waiting longest first, filtered by card type, the holder's age group on the
// tenant's today and whether a discount is claimed, 50 to a page. Each row says what the
// application still lacks (application-rules.ts), which a submitted one should not: the queue
// shows it rather than assuming it. Listing is audited, as it shows many people's names and ages.
import { ageOn } from '../../../../lib/pesel.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import type { KeysetCursor } from '../../../../platform/http/keyset-cursor.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { CardType } from '../../cards.types.ts';
import { offeredTypes } from '../../offered.ts';
import type { CardState } from '../../workflow.ts';
import { missingFromApplication, type MissingItem } from '../application-rules.ts';
import type { CityCardApplication } from '../city-card.types.ts';
import { birthDatesOf } from './age-groups.ts';
import type { QueueFilter } from './review-queue.form.ts';
import { applicationsWaiting } from './review-queue.repo.ts';

export const QUEUE_PAGE_ROWS = 50;

export interface QueueRow {
  cardId: string;
  reference: string;
  holderName: string;
  age: number;
  submittedAt: Date | null;
  typeName: string;
  state: CardState;
  /** Whole days since the card reached its state, on the tenant's calendar. */
  waitingDays: number;
  discount: CityCardApplication['discount'];
  missing: MissingItem[];
}

export interface ReviewQueue {
  rows: QueueRow[];
  next: KeysetCursor | undefined;
  /** The tenant's city card types, for the filter's choice. */
  cardTypes: CardType[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The queue's page; undefined when the member of staff may not review. */
export function reviewQueue(
  deps: Pick<CardsDeps, 'db' | 'clock'>,
  context: StaffContext,
  filter: QueueFilter,
  after: KeysetCursor | undefined,
): Promise<ReviewQueue | undefined> {
  const zone = context.tenant.timeZone;
  const today = calendarDayIn(zone, deps.clock.now());
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.review'))) return undefined;
    const cardTypes = (await offeredTypes(trx, context.tenant)).filter((type) => type.workflow === 'city_card');
    const listed = filter.cardTypeId ? cardTypes.filter((type) => type.id === filter.cardTypeId) : cardTypes;
    const found = await applicationsWaiting(trx, {
      state: filter.state,
      cardTypeIds: listed.map((type) => type.id),
      ...(filter.age ? { birthDates: birthDatesOf(filter.age, today) } : {}),
      ...(filter.discount ? { discount: filter.discount } : {}),
      ...(after ? { after } : {}),
      limit: QUEUE_PAGE_ROWS + 1,
    });
    await recordAudit(trx, context, {
      action: 'cards.applications_listed',
      subject: { kind: 'tenant', id: context.tenant.id },
    });
    const names = new Map(cardTypes.map((type) => [type.id, type.name]));
    const rows = found.slice(0, QUEUE_PAGE_ROWS).map(({ application, cardTypeId, state, stateSince }) => ({
      cardId: application.cardId,
      reference: application.reference,
      holderName: `${application.holderFirstName} ${application.holderLastName}`,
      age: ageOn(application.holderBirthDate, today),
      submittedAt: application.submittedAt,
      typeName: names.get(cardTypeId) ?? '',
      state,
      waitingDays: daysBetween(calendarDayIn(zone, stateSince), today),
      discount: application.discount,
      missing: missingFromApplication(application, today),
    }));
    const last = found.length > QUEUE_PAGE_ROWS ? found[QUEUE_PAGE_ROWS - 1] : undefined;
    return {
      rows,
      next: last ? { at: last.stateSince, id: last.application.cardId } : undefined,
      cardTypes,
    };
  });
}
