// Opening accounts and reading them (issue #20): balances, what is due, a period's turnover.
// All in the caller's withTenant() transaction; an account of another tenant is not found.
import type { Knex } from 'knex';
import { debitOrder } from './allocation.ts';
import {
  balanceAsOf as bookedBalance,
  entriesBooked,
  entriesBookedPage,
  type EntryCursor,
  insertEntry,
  settleAccount,
  standingEntries,
} from './ledger-entries.repo.ts';
import { accountById, accountsOfKind, accountsOfOwner, insertAccount } from './money-accounts.repo.ts';
import { checkDate } from './ledger.service.ts';
import { LedgerError, type AccountOwner, type Currency, type LedgerEntry, type MoneyAccount } from './ledger.types.ts';

/**
 * A new account; a non-zero openingBalance (brought over from the books kept before) is its
 * first entry, booked on the day it opens: a debt is due that day, an overpayment is credit.
 * Not audited by itself: whoever opens one (a module's service) audits what it did.
 */
export async function openAccount(
  trx: Knex.Transaction,
  input: AccountOwner & { currency: Currency; kind: string; name: string; openedOn: string; openingBalance?: number },
): Promise<MoneyAccount> {
  const account = await insertAccount(trx, { ...input, openedOn: checkDate(input.openedOn) });
  const opening = input.openingBalance ?? 0;
  if (!Number.isSafeInteger(opening)) throw new LedgerError('invalidAmount', String(opening));
  if (opening !== 0) {
    await insertEntry(trx, {
      accountId: account.id,
      kind: 'opening_balance',
      amount: opening,
      bookedOn: account.openedOn,
      dueOn: opening > 0 ? account.openedOn : null,
      title: input.name,
      reversesEntryId: null,
      paymentSource: null,
      receiptNumber: null,
      paymentIntentId: null,
    });
    await settleAccount(trx, account.id);
  }
  return account;
}

export const findAccount = (trx: Knex.Transaction, accountId: string): Promise<MoneyAccount | undefined> =>
  accountById(trx, accountId);

export const accountsOf = (
  trx: Knex.Transaction,
  owner: AccountOwner,
): Promise<(MoneyAccount & { balance: number })[]> => accountsOfOwner(trx, owner);

/** Every account held by owners of this kind (a premises, a card). */
export const accountsHeldBy = (trx: Knex.Transaction, ownerKind: AccountOwner['ownerKind']): Promise<MoneyAccount[]> =>
  accountsOfKind(trx, ownerKind);

/** What the holder owed at the end of `date` (> 0 to pay, < 0 overpaid). */
export const balanceAsOf = (trx: Knex.Transaction, accountId: string, date: string): Promise<number> =>
  bookedBalance(trx, accountId, checkDate(date));

export interface DueCharge {
  entry: LedgerEntry;
  /** What is left to pay of it, > 0. */
  outstanding: number;
  /** Its due date passed before `asOf`. */
  overdue: boolean;
}

/**
 * The debts booked up to `asOf` that are not paid in full, oldest due first (the order payments
 * settle them in): charges and an opening debt, each with what is left and whether it is overdue.
 */
export async function dueCharges(trx: Knex.Transaction, accountId: string, asOf: string): Promise<DueCharge[]> {
  const standing = await standingEntries(trx, accountId, checkDate(asOf));
  return standing
    .filter(({ entry, allocated }) => entry.amount > 0 && entry.dueOn !== null && entry.amount > allocated)
    .map(({ entry, allocated }) => ({ entry, outstanding: entry.amount - allocated, overdue: entry.dueOn! < asOf }))
    .sort((a, b) => debitOrder({ ...a.entry, dueOn: a.entry.dueOn! }, { ...b.entry, dueOn: b.entry.dueOn! }));
}

export interface Turnover {
  from: string;
  to: string;
  opening: number;
  entries: (LedgerEntry & { runningBalance: number })[];
  closing: number;
}

/** A period's turnover: the balance before it, its entries each with the balance after it, the balance at its end. */
export async function turnover(
  trx: Knex.Transaction,
  accountId: string,
  period: { from: string; to: string },
): Promise<Turnover> {
  const from = checkDate(period.from);
  const to = checkDate(period.to);
  const opening = await bookedBalance(trx, accountId, dayBefore(from));
  let running = opening;
  const entries = (await entriesBooked(trx, accountId, { from, to })).map((entry) => {
    running += entry.amount;
    return { ...entry, runningBalance: running };
  });
  return { from, to, opening, entries, closing: running };
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Entries read a page at a time by an export: enough to keep round trips few, small enough to hold. */
const EXPORT_PAGE = 5_000;

/**
 * A period's turnover for an export of any length: `read.opening` is given the balance before the
 * period, then `read.page` its entries a page at a time, each with the balance after it, in
 * booking order (read by keyset, so memory holds one page). The balance at its end.
 */
export async function turnoverInPages(
  trx: Knex.Transaction,
  accountId: string,
  period: { from: string; to: string },
  read: {
    opening(balance: number): Promise<void>;
    page(entries: (LedgerEntry & { runningBalance: number })[]): Promise<void>;
  },
  pageSize: number = EXPORT_PAGE,
): Promise<number> {
  const from = checkDate(period.from);
  const to = checkDate(period.to);
  const opening = await bookedBalance(trx, accountId, dayBefore(from));
  await read.opening(opening);
  let running = opening;
  let cursor: EntryCursor | undefined;
  do {
    const fetched = await entriesBookedPage(trx, accountId, { from, to }, cursor, pageSize);
    if (fetched.entries.length > 0) {
      await read.page(
        fetched.entries.map((entry) => {
          running += entry.amount;
          return { ...entry, runningBalance: running };
        }),
      );
    }
    cursor = fetched.next;
  } while (cursor);
  return running;
}
