// Posting to the ledger (issue #20): the rules every module's money goes through. Each function
// runs in the caller's withTenant() transaction, so a posting commits with whatever caused it
// (a counter payment with its audit row, an online one with its intent's state). Each posting
// first locks the account row, so one account's postings run one after another and settling
// always reads what the previous posting wrote; then it writes the entry, settles (in the
// database: settle_account, where the rule lives once, since a payment from a provider's
// notification is posted there in one call), and, when a person did it (staff or the
// operator), records it in the audit log in the same transaction.
import type { Knex } from 'knex';
import { recordAudit } from '../../platform/audit/record.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { undoAllocations } from './allocation.ts';
import {
  allocationsOf,
  entryById,
  insertAllocations,
  insertEntry,
  insertImportedEntries,
  insertPayment,
  isReversed,
  settleAccount,
  type ImportedEntry,
  type NewEntry,
} from './ledger-entries.repo.ts';
import { lockAccount } from './money-accounts.repo.ts';
import {
  isLiability,
  LedgerError,
  type Currency,
  type LedgerEntry,
  type MoneyAccount,
  type PaymentSource,
} from './ledger.types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDate(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!ISO_DATE.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new LedgerError('invalidDate', date);
  }
  return date;
}

function checkPositive(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new LedgerError('invalidAmount', String(amount));
  return amount;
}

async function lockedAccount(trx: Knex.Transaction, accountId: string): Promise<MoneyAccount> {
  const account = await lockAccount(trx, accountId);
  if (!account) throw new LedgerError('accountNotFound', accountId);
  return account;
}

/** Whatever a person posts is theirs in the audit log; a job's or a client's own payment is the entry itself. */
async function auditPosting(trx: Knex.Transaction, context: ServiceContext, action: string, entry: LedgerEntry) {
  const { actor } = context;
  if (actor.kind !== 'staff' && actor.kind !== 'operator') return;
  await recordAudit(
    trx,
    { ...context, actor },
    {
      action,
      subject: { kind: 'money_account', id: entry.accountId },
      changes: {
        entry: [null, entry.id],
        kind: [null, entry.kind],
        amount: [null, entry.amount],
        ...(entry.receiptNumber === null ? {} : { receiptNumber: [null, entry.receiptNumber] }),
        ...(entry.reversesEntryId === null ? {} : { reverses: [null, entry.reversesEntryId] }),
      },
    },
  );
}

async function post(trx: Knex.Transaction, context: ServiceContext, action: string, entry: NewEntry) {
  const posted = await insertEntry(trx, entry);
  await settleAccount(trx, entry.accountId);
  await auditPosting(trx, context, action, posted);
  return posted;
}

const NOT_A_PAYMENT = { paymentSource: null, receiptNumber: null, paymentIntentId: null } as const;

export async function postCharge(
  trx: Knex.Transaction,
  context: ServiceContext,
  input: { accountId: string; amount: number; title: string; bookedOn: string; dueOn: string },
): Promise<LedgerEntry> {
  const account = await lockedAccount(trx, input.accountId);
  if (isLiability(account)) throw new LedgerError('liabilityAccount', account.id);
  return post(trx, context, 'money.charge_posted', {
    accountId: input.accountId,
    kind: 'charge',
    amount: checkPositive(input.amount),
    bookedOn: checkDate(input.bookedOn),
    dueOn: checkDate(input.dueOn),
    title: input.title,
    reversesEntryId: null,
    ...NOT_A_PAYMENT,
  });
}

/** An allowance (a discount, a waiver): `amount` > 0 as granted, stored negative; settles like a payment. */
export async function postAllowance(
  trx: Knex.Transaction,
  context: ServiceContext,
  input: { accountId: string; amount: number; title: string; bookedOn: string },
): Promise<LedgerEntry> {
  await lockedAccount(trx, input.accountId);
  return post(trx, context, 'money.allowance_posted', {
    accountId: input.accountId,
    kind: 'allowance',
    amount: -checkPositive(input.amount),
    bookedOn: checkDate(input.bookedOn),
    dueOn: null,
    title: input.title,
    reversesEntryId: null,
    ...NOT_A_PAYMENT,
  });
}

/**
 * A payment: `amount` > 0 as paid, stored negative, settling the oldest debts first. With a
 * paymentIntentId it is posted once: a second call (a replayed notification) returns the first
 * entry, found under the account's lock, so two at once cannot both post (post_payment.sql).
 */
export async function postPayment(
  trx: Knex.Transaction,
  context: ServiceContext,
  input: {
    accountId: string;
    amount: number;
    currency: Currency;
    bookedOn: string;
    title: string;
    source: PaymentSource;
    receiptNumber?: string;
    paymentIntentId?: string;
  },
): Promise<LedgerEntry> {
  const entry: NewEntry = {
    accountId: input.accountId,
    kind: 'payment',
    amount: -checkPositive(input.amount),
    bookedOn: checkDate(input.bookedOn),
    dueOn: null,
    title: input.title,
    reversesEntryId: null,
    paymentSource: input.source,
    receiptNumber: input.receiptNumber ?? null,
    paymentIntentId: input.paymentIntentId ?? null,
  };
  const result = await insertPayment(trx, entry, input.currency);
  if (result.kind === 'refused') throw new LedgerError(result.reason, `${input.currency} to ${input.accountId}`);
  if (result.kind === 'earlier') return result.entry;
  await auditPosting(trx, context, 'money.payment_posted', result.entry);
  return result.entry;
}

/** An entry from an accounting system, `amount` as the ledger keeps it (signed). */
export type EntryToImport = ImportedEntry;

/**
 * Entries from a tenant's accounting system (issue #21), booked as they come, in the caller's
 * transaction: each checked as a posting is (the amount a safe integer of the kind's sign, the
 * dates real), one an earlier import booked skipped by its external id, and every account that
 * got one settled once at the end rather than after each. How many were new.
 */
export async function importEntries(trx: Knex.Transaction, entries: readonly EntryToImport[]): Promise<number> {
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) {
      throw new LedgerError('invalidAmount', String(entry.amount));
    }
    checkDate(entry.bookedOn);
    if (entry.dueOn !== null) checkDate(entry.dueOn);
  }
  return (await insertImportedEntries(trx, entries)).length;
}

/** Settles each of the accounts once (after an import). */
export async function settleAccounts(trx: Knex.Transaction, accountIds: Iterable<string>): Promise<void> {
  for (const accountId of new Set(accountIds)) await settleAccount(trx, accountId);
}

/**
 * A correction: minus the entry, booked on `bookedOn`, once per entry. The settlements the entry
 * was in are undone by compensating rows, and what that frees is settled anew. A correction
 * itself is not reversed: a mistaken one is put right by posting the entry again.
 */
export async function reverseEntry(
  trx: Knex.Transaction,
  context: ServiceContext,
  input: { entryId: string; bookedOn: string; reason: string },
): Promise<LedgerEntry> {
  const found = await entryById(trx, input.entryId);
  if (!found) throw new LedgerError('entryNotFound', input.entryId);
  await lockedAccount(trx, found.accountId);
  if (found.kind === 'correction') throw new LedgerError('correctionNotReversible', found.id);
  if (await isReversed(trx, found.id)) throw new LedgerError('alreadyReversed', found.id);
  const correction = await insertEntry(trx, {
    accountId: found.accountId,
    kind: 'correction',
    amount: -found.amount,
    bookedOn: checkDate(input.bookedOn),
    dueOn: null,
    title: input.reason,
    reversesEntryId: found.id,
    ...NOT_A_PAYMENT,
  });
  await insertAllocations(trx, found.accountId, undoAllocations(await allocationsOf(trx, found.accountId, found.id)));
  await settleAccount(trx, found.accountId);
  await auditPosting(trx, context, 'money.entry_reversed', correction);
  return correction;
}
