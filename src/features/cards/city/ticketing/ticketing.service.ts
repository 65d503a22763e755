// The city card's files for the operator's ticketing system (issue #23; docs/ticketing-export.md):
// the hot list (every blocked card, read from the cards as they are, so a block is in it as soon as
// its transaction commits) and the pending loads (what the counter took money for, or a
// replacement moved, that the ticketing system has not been given yet).
//
// A download changes nothing (GET), so it can be repeated until a manager confirms the file was
// taken in: the page names the instant its list was read ("through") and a digest of the loads it
// listed, the download takes the same instant, and "mark exported" marks exactly those loads, only
// if the loads pending through that instant are still the ones listed. A load committed late with
// an earlier time, or marked by someone else meanwhile, changes the digest, and the manager is
// asked to download again rather than mark a load the file never had. A load whose card has no
// number yet (a replacement's card still in production) waits: the ticketing system knows cards
// by their numbers.
import { createHash } from 'node:crypto';
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { blockedCards, type BlockedCard } from '../../cards.repo.ts';
import type { Knex } from 'knex';
import { blockedBearerCards } from '../handover/bearer-cards.repo.ts';
import { markExported, pendingLoads, type PendingLoad } from './loads.repo.ts';

/** A load the ticketing system can take: its card is numbered. */
export type ExportableLoad = PendingLoad & { cardNumber: string };

export interface PendingLoads {
  through: Date;
  loads: ExportableLoad[];
  /** The loads' ids, digested: what "mark exported" checks it is marking. */
  digest: string;
  /** Loads waiting for their card's number. */
  waiting: number;
}

export interface TicketingPage {
  hotList: BlockedCard[];
  pending: PendingLoads;
}

/** Every blocked city card, personal or bearer, in the order they were blocked. */
export async function hotList(trx: Knex.Transaction): Promise<BlockedCard[]> {
  const blocked = [...(await blockedCards(trx, 'city_card')), ...(await blockedBearerCards(trx))];
  return blocked.sort((a, b) => a.blockedAt.getTime() - b.blockedAt.getTime() || a.number.localeCompare(b.number));
}

export function digestOf(loads: readonly { id: string }[]): string {
  return createHash('sha256')
    .update(loads.map((load) => load.id).join(','))
    .digest('base64url');
}

async function pendingThrough(trx: Knex.Transaction, through: Date): Promise<PendingLoads> {
  const all = await pendingLoads(trx, through);
  const loads = all.filter((load): load is ExportableLoad => load.cardNumber !== null);
  return { through, loads, digest: digestOf(loads), waiting: all.length - loads.length };
}

/** The page: both lists as they are now. Undefined for someone the policy keeps out. */
export function ticketingPage(deps: CardsDeps, context: StaffContext): Promise<TicketingPage | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.exportTicketing'))) return undefined;
    return { hotList: await hotList(trx), pending: await pendingThrough(trx, deps.clock.now()) };
  });
}

export function hotListFile(deps: CardsDeps, context: StaffContext): Promise<BlockedCard[] | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'cards.exportTicketing')) ? hotList(trx) : undefined,
  );
}

/** The pending loads through the instant (the page's), or through now. */
export function pendingLoadsFile(
  deps: CardsDeps,
  context: StaffContext,
  through: Date | undefined,
): Promise<PendingLoads | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'cards.exportTicketing'))
      ? pendingThrough(trx, through ?? deps.clock.now())
      : undefined,
  );
}

export type Marking = { kind: 'marked'; count: number } | { kind: 'changed' } | { kind: 'notAllowed' };

/** The loads the page listed marked exported, if they are still the ones pending through its instant. */
export function markLoadsExported(
  deps: CardsDeps,
  context: StaffContext,
  listed: { through: Date; digest: string },
): Promise<Marking> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<Marking> => {
    if (!(await mayAct(trx, context, 'cards.exportTicketing'))) return { kind: 'notAllowed' };
    const pending = await pendingThrough(trx, listed.through);
    if (pending.digest !== listed.digest) return { kind: 'changed' };
    const now = deps.clock.now();
    const marked = await markExported(
      trx,
      pending.loads.map((load) => load.id),
      { staffId: context.actor.staffId, now },
    );
    await recordAudit(trx, context, {
      action: 'cards.loads_exported',
      subject: { kind: 'tenant', id: context.tenant.id },
      changes: { loads: [null, marked.length], through: [null, listed.through.toISOString()] },
    });
    return { kind: 'marked', count: marked.length };
  });
}
