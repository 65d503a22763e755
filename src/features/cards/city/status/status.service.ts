// The status of a city card application for someone not signed in (issue #23): found only by
// its reference together with the holder's PESEL, whose blind index the card keeps
// (holder-pesel.ts), compared in constant time under every data key a look-up may meet
// (lookupIndexes). An unknown reference, a PESEL of someone else and a PESEL that is no PESEL
// get one and the same answer, so the check tells nothing about who applied. What a match shows
// is no one's personal data: the state in words, when it last changed, and for a card ready for
// pickup the window and the desks. Nothing is written (the routes' rate limits count the tries).
import { timingSafeEqual } from 'node:crypto';
import { parsePesel } from '../../../../lib/pesel.ts';
import type { PickupWindow } from '../../../../lib/pickup-window.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { NationalIdProtector } from '../../../accounts/index.ts';
import { frontDesksAt } from '../../../portal/index.ts';
import { cardById, holderOf } from '../../cards.repo.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { typeOfCard } from '../../offered.ts';
import type { CardState } from '../../workflow.ts';
import { applicationOfCard, cardIdByReference } from '../city-card-applications.repo.ts';
import { pickupWindowOf } from '../pickup.ts';

export type StatusDeps = Pick<CardsDeps, 'db' | 'clock'> & { nationalIds: NationalIdProtector };

export type StatusAnswer =
  | {
      kind: 'found';
      state: CardState;
      since: Date;
      /** For a card ready for pickup: when, and where. */
      pickup?: { window: PickupWindow; desks: Awaited<ReturnType<typeof frontDesksAt>> };
    }
  | { kind: 'noMatch' };

const NO_MATCH: StatusAnswer = { kind: 'noMatch' };

const sameIndex = (stored: Buffer, typed: Buffer) => stored.length === typed.length && timingSafeEqual(stored, typed);

export async function applicationStatus(
  deps: StatusDeps,
  context: ServiceContext,
  input: { reference: string; pesel: string },
): Promise<StatusAnswer> {
  const parsed = parsePesel(input.pesel);
  if (!parsed.ok) return NO_MATCH;
  const indexes = deps.nationalIds.lookupIndexes(context.tenant.id, parsed.pesel.value);
  const now = deps.clock.now();
  const found = await withTenant(deps.db, context.tenant.id, async (trx) => {
    const cardId = await cardIdByReference(trx, input.reference);
    const holder = cardId ? await holderOf(trx, cardId) : undefined;
    if (!cardId || !holder || !indexes.some((index) => sameIndex(holder.index, index))) return undefined;
    const card = await cardById(trx, cardId);
    const type = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
    const application = await applicationOfCard(trx, cardId);
    return card && type && application ? { card, application } : undefined;
  });
  if (!found) return NO_MATCH;
  const { card, application } = found;
  const window = card.state === 'ready' ? pickupWindowOf(application, context.tenant.timeZone) : undefined;
  return {
    kind: 'found',
    state: card.state,
    since: card.stateSince,
    ...(window ? { pickup: { window, desks: await frontDesksAt(deps, context, now) } } : {}),
  };
}
