// The resident's overview of a premises in one call of premises_overview (migrations/functions/
// says what it reads), sent as a named prepared statement like a session's load: the overview is
// the e-BOK's most visited page, and a transaction of a dozen statements made it the slowest
// (bench/README.md). Its JSON turned back into the feature's own types; amounts come as text
// and are checked to be safe integers.
import type { Knex } from 'knex';
import { runPrepared, type PreparedStatement } from '../../../platform/db/prepared-statement.ts';
import type { LedgerEntry, MoneyAccount } from '../../money/index.ts';
import {
  FUNDS,
  type AllowanceDecision,
  type FeeComponent,
  type MediaSettlement,
  type Premises,
  type VisibleWindow,
} from '../housing.types.ts';

const PREMISES_OVERVIEW: PreparedStatement = {
  name: 'premises_overview',
  text: 'SELECT premises_overview($1, $2, $3, $4, $5, $6) AS overview',
};

export interface OverviewAccount {
  account: MoneyAccount;
  balance: number;
  /** The account's latest payment booked by the last day the resident may see. */
  lastPayment: LedgerEntry | undefined;
}

export interface OverviewRead {
  premises: Premises;
  window: VisibleWindow;
  /** The last day the resident may see: today, or the day their rights ended. */
  lastDay: string;
  accounts: OverviewAccount[];
  fees: FeeComponent[];
  allowances: AllowanceDecision[];
  /** Newest first, none settled before the resident's first day. */
  settlements: MediaSettlement[];
}

type Json = Record<string, unknown>;
type Amounts<T, K extends keyof T> = Omit<T, K> & Record<K, string>;

function amount(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`amount beyond a safe integer: ${text}`);
  return value;
}

function toEntry(row: Amounts<LedgerEntry, 'amount'> & { createdAt: string }): LedgerEntry {
  return { ...row, amount: amount(row.amount), createdAt: new Date(row.createdAt) };
}

/** The overview as `clientId` may see it on `today`; undefined when they never held a right to it. */
export async function readPremisesOverview(
  db: Knex,
  tenantId: string,
  clientId: string,
  premisesId: string,
  today: string,
  settlements: number,
): Promise<OverviewRead | undefined> {
  const [row] = await runPrepared<{ overview: Json | null }>(db, PREMISES_OVERVIEW, [
    tenantId,
    clientId,
    premisesId,
    today,
    FUNDS,
    settlements,
  ]);
  const read = row?.overview;
  if (!read) return undefined;
  const accounts = read.accounts as (Json & { account: MoneyAccount; balance: string; lastPayment: Json | null })[];
  return {
    premises: read.premises as Premises,
    window: read.window as VisibleWindow,
    lastDay: read.lastDay as string,
    accounts: accounts.map((a) => ({
      account: a.account,
      balance: amount(a.balance),
      lastPayment: a.lastPayment ? toEntry(a.lastPayment as Parameters<typeof toEntry>[0]) : undefined,
    })),
    fees: (read.fees as Amounts<FeeComponent, 'rate'>[]).map((fee) => ({ ...fee, rate: amount(fee.rate) })),
    allowances: (read.allowances as Amounts<AllowanceDecision, 'monthlyAmount'>[]).map((allowance) => ({
      ...allowance,
      monthlyAmount: amount(allowance.monthlyAmount),
    })),
    settlements: (read.settlements as Amounts<MediaSettlement, 'consumptionThousandths' | 'advances' | 'cost'>[]).map(
      (settlement) => ({
        ...settlement,
        consumptionThousandths: amount(settlement.consumptionThousandths),
        advances: amount(settlement.advances),
        cost: amount(settlement.cost),
      }),
    ),
  };
}
