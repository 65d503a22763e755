// The city card's lapse (issue #23, source 001): a card ready for pickup whose pickup window ended
// before today (the tenant's day; pickup.ts, from the application's last submission) lapses, by
// the workflow's 'lapse', taken as the portal itself (transitions.ts: the card's history, and the
// card-state mail to the applicant, in the same transaction).
//
// The worker runs it for every tenant, one tenant's transaction at a time, through the app role's
// connection under withTenant: the card, its application, its type, the applicant's address and
// the outbox are all tenant data that the worker role is kept away from on purpose (its policies
// reach only what the cross-tenant purges need; test/walls/worker-role.test.ts), and a job that
// acts as the portal for a tenant is held by the same walls as a request. No grant or policy is
// added for it.
//
// Each card is taken once: its own transaction moves it by the conditional UPDATE from 'ready'
// (cards.repo.ts moveState), so of two workers running at once (or a clerk handing the card over
// at that moment) one moves it and the other finds it moved and does nothing, no event, no mail;
// a second run finds it lapsed and not among the candidates.
import { randomUUID } from 'node:crypto';
import { PICKUP_LATEST_DAYS } from '../../../../lib/pickup-window.ts';
import { calendarDayIn } from '../../../../lib/zoned-date.ts';
import type { FeatureJob, FeatureJobDeps } from '../../../../platform/feature.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../../../platform/tenancy/tenant.ts';
import { cardTypeById } from '../../card-types.repo.ts';
import { cardById } from '../../cards.repo.ts';
import { moveCard } from '../../transitions.ts';
import { applicationOfCard, readyCardsSubmittedBefore } from '../city-card-applications.repo.ts';
import { pickupWindowOf } from '../pickup.ts';

type Deps = Pick<FeatureJobDeps, 'tenantDb' | 'tenants' | 'outbox' | 'clock'>;

const JOB = 'city-card-lapse';

const DAY_MS = 24 * 60 * 60_000;

/** One pass over every tenant: how many cards lapsed. */
export async function lapseUncollectedCards(deps: Deps): Promise<number> {
  let lapsed = 0;
  for (const tenant of deps.tenants()) lapsed += await lapseAt(deps, tenant);
  return lapsed;
}

async function lapseAt(deps: Deps, tenant: Tenant): Promise<number> {
  const now = deps.clock.now();
  // No window ends sooner than PICKUP_LATEST_DAYS after its submission's day: what was submitted
  // later (a day's margin for the time zone) cannot have lapsed, and is not read at all.
  const before = new Date(now.getTime() - (PICKUP_LATEST_DAYS - 1) * DAY_MS);
  const candidates = await withTenant(deps.tenantDb, tenant.id, (trx) => readyCardsSubmittedBefore(trx, before));
  let lapsed = 0;
  for (const cardId of candidates) if (await lapseCard(deps, tenant, cardId)) lapsed += 1;
  return lapsed;
}

async function lapseCard(deps: Deps, tenant: Tenant, cardId: string): Promise<boolean> {
  const context: ServiceContext = { tenant, actor: { kind: 'system', job: JOB }, requestId: randomUUID() };
  return withTenant(deps.tenantDb, tenant.id, async (trx) => {
    const card = await cardById(trx, cardId);
    const type = card && (await cardTypeById(trx, card.cardTypeId));
    const application = await applicationOfCard(trx, cardId);
    const window = application && pickupWindowOf(application, tenant.timeZone);
    if (!card || !type || card.state !== 'ready' || !window) return false;
    if (window.until >= calendarDayIn(tenant.timeZone, deps.clock.now())) return false;
    const step = await moveCard(trx, deps, context, { card, type, name: 'lapse' });
    return step.kind === 'taken';
  });
}

export const CITY_CARD_LAPSE: FeatureJob = {
  name: JOB,
  // Windows end by the day: an hour's delay past midnight is nothing, and a pass is cheap.
  everyMs: 60 * 60_000,
  run: lapseUncollectedCards,
};
