// What a resident sees of the premises they hold a right to (issue #21): the list, a premises'
// overview, its balance as of a day they pick, and its turnover for a period. A premises the
// client holds no right to is not found (a 404, whoever asks: another resident, another tenant),
// and every date is kept inside the days their rights cover: a right that ended shows nothing
// dated after it, and one that began shows nothing before it (source 002: only the people with
// a right to the premises). Each call reads in one transaction.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { TenantDataCache } from '../../../platform/cache/tenant-data-cache.ts';
import {
  accountsOf,
  balanceAsOf,
  turnover,
  turnoverInPages,
  type LedgerEntry,
  type MoneyAccount,
  type Turnover,
} from '../../money/index.ts';
import type { ChartMonth } from './chart.ts';
import { balanceRow, entryRow } from './turnover.csv.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import { defaultPeriod } from './periods.ts';
import {
  FUNDS,
  inWindow,
  monthlyFee,
  type AllowanceDecision,
  type FeeComponent,
  type MediaSettlement,
  type Premises,
  type PremisesRight,
  type VisibleWindow,
} from '../housing.types.ts';
import { premisesById, rightsOfClient, windowOf } from '../premises.repo.ts';
import { readPremisesOverview } from './premises-overview.repo.ts';
import { metersOf, type Meter } from '../meters/meter-readings.types.ts';

/** How many of the latest media settlements the overview shows. */
const LATEST_SETTLEMENTS = 4;

export interface HousingDeps {
  db: Knex;
  clock: Clock;
  /** Overviews kept in memory until the tenant's data changes (tenant-data-cache.ts); none: each view reads. */
  dataCache?: TenantDataCache;
}

export interface HeldPremises {
  premises: Premises;
  rights: PremisesRight[];
}

/** The premises the client holds or held a right to, each with those rights. */
export function myPremises(deps: HousingDeps, context: ServiceContext): Promise<HeldPremises[]> {
  const clientId = signedInClientId(context);
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const held = new Map<string, HeldPremises>();
    for (const right of await rightsOfClient(trx, clientId)) {
      const entry = held.get(right.premisesId);
      if (entry) entry.rights.push(right);
      else held.set(right.premisesId, { premises: (await premisesById(trx, right.premisesId))!, rights: [right] });
    }
    return [...held.values()];
  });
}

/** A premises as its right holder may see it, on the last day they may see (today, or the day their right ended). */
interface Seen {
  premises: Premises;
  window: VisibleWindow;
  /** The last day the resident may see: today, or the day their rights ended. */
  lastDay: string;
  accounts: MoneyAccount[];
}

async function seen(
  trx: Knex.Transaction,
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
): Promise<Seen | undefined> {
  const window = await windowOf(trx, signedInClientId(context), premisesId);
  if (!window) return undefined;
  const premises = (await premisesById(trx, premisesId))!;
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  const lastDay = window.to !== null && window.to < today ? window.to : today;
  // The funds in one order on every page: maintenance first, as the fees list them.
  const accounts = (await accountsOf(trx, { ownerKind: 'premises', ownerId: premisesId })).sort(
    (a, b) => fundOrder(a.kind) - fundOrder(b.kind),
  );
  return { premises, window, lastDay, accounts };
}

export interface PremisesSeen {
  premises: Premises;
  window: VisibleWindow;
  lastDay: string;
}

/** The premises as its right holder sees it, with the days they may pick; undefined when they hold no right to it. */
export function premisesSeen(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
): Promise<PremisesSeen | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await seen(trx, deps, context, premisesId);
    return found && { premises: found.premises, window: found.window, lastDay: found.lastDay };
  });
}

function fundOrder(kind: string): number {
  const index = (FUNDS as readonly string[]).indexOf(kind);
  return index === -1 ? FUNDS.length : index;
}

export interface FundBalance {
  account: MoneyAccount;
  balance: number;
}

export interface PremisesOverview {
  premises: Premises;
  window: VisibleWindow;
  asOf: string;
  /** The resident holds a right today (may pay); false once it has ended. */
  current: boolean;
  fees: (FeeComponent & { monthly: number })[];
  balances: FundBalance[];
  lastPayment: (LedgerEntry & { account: MoneyAccount }) | undefined;
  allowances: AllowanceDecision[];
  /** The latest media settlements the resident may see, newest first. */
  settlements: MediaSettlement[];
  /** The premises' meters with their readings of the days the resident's rights cover, newest first. */
  meters: Meter[];
}

interface KeptPage {
  html: string;
  /** The overview it was rendered from. */
  of: PremisesOverview;
}

/** An overview, and its page as rendered for an earlier view in the same language and address. */
export interface ShownOverview {
  overview: PremisesOverview;
  /** The page's HTML, when kept; render it as is. */
  page: string | undefined;
  /** Keeps the page rendered from this overview for the next views (until the data changes). */
  keepPage: (html: string) => void;
}

/**
 * The overview as the signed-in resident may see it today; undefined when they never held a
 * right to the premises. With a data cache, the overview and its page (per `pageKey`: what
 * else the page depends on, its language and address) are kept until the tenant's data
 * changes or the day does: the e-BOK's most visited page is then rendered once, not per view.
 */
export async function premisesOverview(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
  pageKey: string,
): Promise<ShownOverview | undefined> {
  const today = calendarDayIn(context.tenant.timeZone, deps.clock.now());
  const clientId = signedInClientId(context);
  const tenantId = context.tenant.id;
  const { dataCache } = deps;
  const key = `premises-overview ${clientId} ${premisesId} ${today}`;
  const pageOf = `${key} page ${pageKey}`;
  // Taken before anything is read: what is kept must not outlive a change made meanwhile.
  const load = dataCache?.startLoad();
  const kept = dataCache?.get<PremisesOverview>(tenantId, key);
  const overview = kept ?? (await readOverview(deps.db, tenantId, clientId, premisesId, today));
  if (!overview) return undefined;
  if (!dataCache || !load) return { overview, page: undefined, keepPage: () => undefined };
  if (!kept) dataCache.remember(tenantId, key, load, overview);
  // A page is served only beside the very overview it was rendered from, so it never outlives it.
  const page = kept && dataCache.get<KeptPage>(tenantId, pageOf);
  return {
    overview,
    page: page && page.of === kept ? page.html : undefined,
    keepPage: (html) => dataCache.remember(tenantId, pageOf, load, { html, of: overview }),
  };
}

async function readOverview(
  db: Knex,
  tenantId: string,
  clientId: string,
  premisesId: string,
  today: string,
): Promise<PremisesOverview | undefined> {
  const read = await readPremisesOverview(db, tenantId, clientId, premisesId, today, LATEST_SETTLEMENTS);
  if (!read) return undefined;
  const { premises, window, lastDay: asOf } = read;
  let lastPayment: PremisesOverview['lastPayment'];
  for (const { account, lastPayment: payment } of read.accounts) {
    if (payment && payment.bookedOn >= window.from && (!lastPayment || payment.bookedOn > lastPayment.bookedOn)) {
      lastPayment = { ...payment, account };
    }
  }
  return {
    premises,
    window,
    asOf,
    current: window.to === null || window.to >= today,
    fees: read.fees.map((fee) => ({ ...fee, monthly: monthlyFee(fee, premises) })),
    balances: read.accounts.map(({ account, balance }) => ({ account, balance })),
    lastPayment,
    allowances: read.allowances,
    settlements: read.settlements,
    meters: metersOf(read.readings),
  };
}

export type BalanceOn =
  | ({ kind: 'balances'; date: string; balances: FundBalance[] } & PremisesSeen)
  | ({ kind: 'outsideWindow'; date: string } & PremisesSeen);

/**
 * The premises' balance per fund at the end of `date` (the last day the client may see when
 * none is given), a day the client's rights cover.
 */
export function balanceOn(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
  date: string | undefined,
): Promise<BalanceOn | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await seen(trx, deps, context, premisesId);
    if (!found) return undefined;
    const { accounts, ...shown } = found;
    const day = date ?? shown.lastDay;
    if (!inWindow({ from: shown.window.from, to: shown.lastDay }, day)) {
      return { kind: 'outsideWindow', date: day, ...seenOf(shown) };
    }
    const balances: FundBalance[] = [];
    for (const account of accounts) balances.push({ account, balance: await balanceAsOf(trx, account.id, day) });
    return { kind: 'balances', date: day, balances, ...seenOf(shown) };
  });
}

const seenOf = ({ premises, window, lastDay }: PremisesSeen): PremisesSeen => ({ premises, window, lastDay });

export interface MonthTotals {
  /** YYYY-MM */
  month: string;
  charged: number;
  credited: number;
}

export interface FundTurnover {
  account: MoneyAccount;
  turnover: Turnover;
  months: MonthTotals[];
}

export type ChosenPeriod = { from?: string | undefined; to?: string | undefined; title?: string | undefined };

/** The entries a title filter shows: those whose title contains it, any case; all when blank. */
function titleFilter(title: string | undefined): (entry: LedgerEntry) => boolean {
  const wanted = title?.trim().toLocaleLowerCase();
  return (entry) => !wanted || entry.title.toLocaleLowerCase().includes(wanted);
}

type OutsideChosenPeriod = {
  kind: 'outsideWindow';
  from: string;
  to: string;
  title: string | undefined;
} & PremisesSeen;

/**
 * `work` in one transaction for the period the resident chose (its blanks filled), when the
 * premises is theirs and their rights cover it; what it answers, or that the period is outside
 * their rights, or undefined when the premises is not theirs.
 */
function inChosenPeriod<T>(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
  chosen: ChosenPeriod,
  work: (
    trx: Knex.Transaction,
    inside: { accounts: MoneyAccount[]; shown: PremisesSeen; from: string; to: string },
  ) => Promise<T>,
): Promise<T | OutsideChosenPeriod | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await seen(trx, deps, context, premisesId);
    if (!found) return undefined;
    const { accounts, ...shown } = found;
    const { from, to } = periodOf(shown, chosen);
    if (!coversPeriod(shown, from, to)) {
      return { kind: 'outsideWindow' as const, from, to, title: chosen.title, ...seenOf(shown) };
    }
    return work(trx, { accounts, shown, from, to });
  });
}

/** Whether both days are ones the resident's rights cover. */
function coversPeriod(shown: PremisesSeen, from: string, to: string): boolean {
  const covered = { from: shown.window.from, to: shown.lastDay };
  return inWindow(covered, from) && inWindow(covered, to);
}

/** The period the resident chose, its blanks filled with the default (the last twelve months, periods.ts). */
function periodOf(shown: PremisesSeen, chosen: ChosenPeriod): { from: string; to: string } {
  const period = defaultPeriod(shown.window.from, shown.lastDay);
  return { from: chosen.from ?? period.from, to: chosen.to ?? period.to };
}

export type PremisesTurnover =
  | ({ kind: 'turnover'; from: string; to: string; title: string | undefined; funds: FundTurnover[] } & PremisesSeen)
  | OutsideChosenPeriod;

/**
 * Each fund's turnover from `from` to `to` (by default the last twelve months up to the last day
 * the client may see, periods.ts), both inside the days the client's rights cover, the entries
 * narrowed to titles containing `title` when one is given (the running balance stays the
 * account's own), with monthly totals of what was charged and what was credited.
 */
export function premisesTurnover(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
  chosen: ChosenPeriod,
): Promise<PremisesTurnover | undefined> {
  return inChosenPeriod(deps, context, premisesId, chosen, async (trx, { accounts, shown, from, to }) => {
    const shownEntry = titleFilter(chosen.title);
    const funds: FundTurnover[] = [];
    for (const account of accounts) {
      const whole = await turnover(trx, account.id, { from, to });
      const entries = whole.entries.filter(shownEntry);
      funds.push({ account, turnover: { ...whole, entries }, months: monthTotals(entries) });
    }
    return { kind: 'turnover' as const, from, to, title: chosen.title, funds, ...seenOf(shown) };
  });
}

function monthTotals(entries: readonly LedgerEntry[]): MonthTotals[] {
  const months = new Map<string, MonthTotals>();
  for (const entry of entries) {
    const month = entry.bookedOn.slice(0, 7);
    const totals = months.get(month) ?? { month, charged: 0, credited: 0 };
    if (entry.amount > 0) totals.charged += entry.amount;
    else totals.credited -= entry.amount;
    months.set(month, totals);
  }
  return [...months.values()];
}

export interface TransferDetails extends PremisesSeen {
  /** What the premises owes today over all its funds, > 0; 0 when nothing is owed. */
  amountDue: number;
}

/**
 * What a transfer for the premises is filled in with: the amount owed today over all its
 * funds (one account number takes it; the cooperative books it oldest debt first), or none.
 */
export function transferDetails(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
): Promise<TransferDetails | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await seen(trx, deps, context, premisesId);
    if (!found) return undefined;
    let owed = 0;
    for (const account of found.accounts) owed += await balanceAsOf(trx, account.id, found.lastDay);
    return { premises: found.premises, window: found.window, lastDay: found.lastDay, amountDue: Math.max(owed, 0) };
  });
}

export interface PremisesHistory extends PremisesSeen {
  months: ChartMonth[];
}

/**
 * The last 24 months of the premises up to the last day the resident may see (from the first
 * day of their rights when that is later): each month's charges, credits and closing balance,
 * all funds together.
 */
export function premisesHistory(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
): Promise<PremisesHistory | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const found = await seen(trx, deps, context, premisesId);
    if (!found) return undefined;
    const { premises, window, lastDay, accounts } = found;
    const [year, month] = lastDay.split('-').map(Number) as [number, number];
    const start = new Date(Date.UTC(year, month - 24, 1)).toISOString().slice(0, 10);
    const from = start < window.from ? window.from : start;
    const months = new Map<string, ChartMonth>();
    for (let cursor = from.slice(0, 7); cursor <= lastDay.slice(0, 7); cursor = nextMonth(cursor)) {
      months.set(cursor, { month: cursor, charged: 0, credited: 0, balance: 0 });
    }
    let opening = 0;
    for (const account of accounts) {
      const period = await turnover(trx, account.id, { from, to: lastDay });
      opening += period.opening;
      for (const entry of period.entries) {
        const totals = months.get(entry.bookedOn.slice(0, 7))!;
        if (entry.amount > 0) totals.charged += entry.amount;
        else totals.credited -= entry.amount;
      }
    }
    let balance = opening;
    for (const totals of months.values()) {
      balance += totals.charged - totals.credited;
      totals.balance = balance;
    }
    return { premises, window, lastDay, months: [...months.values()] };
  });
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 7);
}

/** Where an export of the turnover goes: its beginning, once the premises and period are known, then its lines. */
export interface TurnoverSink {
  begin(shown: PremisesSeen & { from: string; to: string }): void;
  lines(lines: string[][]): Promise<void>;
}

export type TurnoverExport = { kind: 'exported' } | OutsideChosenPeriod;

/**
 * The turnover of premisesTurnover's period and title, written to `sink` as CSV lines a page of
 * entries at a time (turnoverInPages), in one transaction: memory holds one page, whatever the
 * period's length. Nothing is written for a period outside the client's rights.
 */
export function exportTurnover(
  deps: HousingDeps,
  context: ServiceContext,
  premisesId: string,
  chosen: ChosenPeriod,
  sink: TurnoverSink,
  t: Translate,
): Promise<TurnoverExport | undefined> {
  return inChosenPeriod(deps, context, premisesId, chosen, async (trx, { accounts, shown, from, to }) => {
    sink.begin({ ...seenOf(shown), from, to });
    const shownEntry = titleFilter(chosen.title);
    for (const account of accounts) {
      const closing = await turnoverInPages(
        trx,
        account.id,
        { from, to },
        {
          opening: (balance) => sink.lines([balanceRow(account, from, 'opening', balance, t)]),
          page: (entries) => sink.lines(entries.filter(shownEntry).map((entry) => entryRow(account, entry, t))),
        },
      );
      await sink.lines([balanceRow(account, to, 'closing', closing, t)]);
    }
    return { kind: 'exported' as const };
  });
}
