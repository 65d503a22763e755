// ledger_entries and ledger_allocations: the one module that writes them, itself or through the
// database functions it calls (post_payment, settle_account), and reads them for the services.
// Append-only (the migrations' grants and trigger): there is no update or delete here to write.
// Every function takes a withTenant() transaction and names the tenant, so that Citus sends
// each statement to the one shard holding the account.
import type { Knex } from 'knex';
import { tenantIdOf, tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { Allocation } from './allocation.ts';
import { safeAmount } from './money-accounts.repo.ts';
import type { EntryKind, LedgerEntry, PaymentSource } from './ledger.types.ts';
import { tenantDataChanged } from '../../platform/cache/tenant-data-changed.ts';

interface EntryRow {
  id: string;
  account_id: string;
  kind: EntryKind;
  amount: string;
  booked_on: string;
  due_on: string | null;
  title: string;
  reverses_entry_id: string | null;
  payment_source: PaymentSource | null;
  receipt_number: string | null;
  payment_intent_id: string | null;
  created_at: Date;
}

function entryColumns(trx: Knex.Transaction, alias = 'ledger_entries') {
  const plain = ['id', 'account_id', 'kind', 'title', 'reverses_entry_id', 'payment_source', 'receipt_number'];
  return [
    ...[...plain, 'payment_intent_id', 'created_at'].map((column) => `${alias}.${column}`),
    trx.raw('??::text AS amount', [`${alias}.amount`]),
    trx.raw('??::text AS booked_on', [`${alias}.booked_on`]),
    trx.raw('??::text AS due_on', [`${alias}.due_on`]),
  ];
}

function toEntry(row: EntryRow): LedgerEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    amount: safeAmount(row.amount),
    bookedOn: row.booked_on,
    dueOn: row.due_on,
    title: row.title,
    reversesEntryId: row.reverses_entry_id,
    paymentSource: row.payment_source,
    receiptNumber: row.receipt_number,
    paymentIntentId: row.payment_intent_id,
    createdAt: row.created_at,
  };
}

export type NewEntry = Omit<LedgerEntry, 'id' | 'createdAt'>;

export async function insertEntry(trx: Knex.Transaction, entry: NewEntry): Promise<LedgerEntry> {
  await tenantDataChanged(trx);
  const [row] = await trx('ledger_entries')
    .insert({
      account_id: entry.accountId,
      kind: entry.kind,
      amount: entry.amount,
      booked_on: entry.bookedOn,
      due_on: entry.dueOn,
      title: entry.title,
      reverses_entry_id: entry.reversesEntryId,
      payment_source: entry.paymentSource,
      receipt_number: entry.receiptNumber,
      payment_intent_id: entry.paymentIntentId,
    })
    .returning(['id', 'created_at']);
  // What was written is what was given, but for the id and the time the database gave it: no
  // read back (and no dates as text in RETURNING, which Citus refuses: only immutable functions).
  const { id, created_at: createdAt } = row as { id: string; created_at: Date };
  return { ...entry, id, createdAt };
}

export async function entryById(trx: Knex.Transaction, entryId: string): Promise<LedgerEntry | undefined> {
  const row = await tenantRows(trx, 'ledger_entries').where('id', entryId).first(entryColumns(trx));
  return row ? toEntry(row as EntryRow) : undefined;
}

export type PaymentPosting =
  | { kind: 'posted' | 'earlier'; entry: LedgerEntry }
  | { kind: 'refused'; reason: 'accountNotFound' | 'currencyMismatch' };

/**
 * A payment entry, settled, by post_payment (migrations/functions/post_payment.sql): 'earlier'
 * when its payment intent was credited before, 'refused' when the account is not the tenant's
 * or not in `currency`.
 */
export async function insertPayment(trx: Knex.Transaction, entry: NewEntry, currency: string): Promise<PaymentPosting> {
  await tenantDataChanged(trx);
  const { rows } = await trx.raw<{
    rows: { entry_id: string | null; entry_created_at: Date | null; posted: boolean; refused: string | null }[];
  }>('SELECT * FROM post_payment(?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    tenantIdOf(trx),
    entry.accountId,
    -entry.amount,
    currency,
    entry.bookedOn,
    entry.title,
    entry.paymentSource,
    entry.receiptNumber,
    entry.paymentIntentId,
  ]);
  const [row] = rows;
  if (!row || row.refused !== null) {
    return { kind: 'refused', reason: row?.refused === 'currencyMismatch' ? 'currencyMismatch' : 'accountNotFound' };
  }
  if (row.posted) return { kind: 'posted', entry: { ...entry, id: row.entry_id!, createdAt: row.entry_created_at! } };
  return { kind: 'earlier', entry: (await entryById(trx, row.entry_id!))! };
}

export type ImportedEntry = Pick<NewEntry, 'accountId' | 'kind' | 'amount' | 'bookedOn' | 'dueOn' | 'title'> & {
  externalId: string;
};

/**
 * Entries from an accounting system, in one multi-row statement: one an earlier import booked
 * (the same external id) is skipped. The accounts each new entry went to, for settling after.
 * A multi-row VALUES, not INSERT … SELECT, which Citus would run as a COPY that row-level
 * security refuses.
 */
export async function insertImportedEntries(
  trx: Knex.Transaction,
  entries: readonly ImportedEntry[],
): Promise<string[]> {
  await tenantDataChanged(trx);
  if (entries.length === 0) return [];
  const tenantId = tenantIdOf(trx);
  const rows = await trx('ledger_entries')
    .insert(
      entries.map((entry) => ({
        tenant_id: tenantId,
        account_id: entry.accountId,
        kind: entry.kind,
        amount: entry.amount,
        booked_on: entry.bookedOn,
        due_on: entry.dueOn,
        title: entry.title,
        payment_source: entry.kind === 'payment' ? 'transfer' : null,
        external_id: entry.externalId,
      })),
    )
    .onConflict(trx.raw('(tenant_id, external_id) WHERE external_id IS NOT NULL'))
    .ignore()
    .returning('account_id');
  return (rows as { account_id: string }[]).map((row) => row.account_id);
}

/** Spends the account's open credits on its open debits, oldest first (settle_account.sql). */
export async function settleAccount(trx: Knex.Transaction, accountId: string): Promise<void> {
  await trx.raw('SELECT settle_account(?, ?)', [tenantIdOf(trx), accountId]);
}

export async function isReversed(trx: Knex.Transaction, entryId: string): Promise<boolean> {
  const row = await tenantRows(trx, 'ledger_entries').where('reverses_entry_id', entryId).first('id');
  return row !== undefined;
}

/** An entry that still takes part in settling: neither a correction nor reversed by one. */
export interface StandingEntry {
  entry: LedgerEntry;
  /** What allocations of it stand at: settled of a debit, spent of a credit. */
  allocated: number;
}

/** The account's standing entries booked up to `asOf` (all when none), in booking order. */
export async function standingEntries(
  trx: Knex.Transaction,
  accountId: string,
  asOf?: string,
): Promise<StandingEntry[]> {
  const tenantId = tenantIdOf(trx);
  const query = tenantRows(trx, 'ledger_entries as e')
    .where('e.account_id', accountId)
    .whereNot('e.kind', 'correction')
    .whereNotExists((reversal) =>
      reversal.from('ledger_entries as r').where('r.tenant_id', tenantId).whereRaw('r.reverses_entry_id = e.id'),
    )
    .select(
      ...entryColumns(trx, 'e'),
      trx.raw(
        `(SELECT coalesce(sum(a.amount), 0) FROM ledger_allocations a
           WHERE a.tenant_id = ? AND a.account_id = e.account_id
             AND (a.debit_entry_id = e.id OR a.credit_entry_id = e.id))::text AS allocated`,
        [tenantId],
      ),
    )
    .orderBy([{ column: 'e.booked_on' }, { column: 'e.created_at' }, { column: 'e.id' }]);
  if (asOf !== undefined) query.where('e.booked_on', '<=', asOf);
  const rows = (await query) as (EntryRow & { allocated: string })[];
  return rows.map((row) => ({ entry: toEntry(row), allocated: safeAmount(row.allocated) }));
}

/** Every allocation row that names the entry, on either side. */
export async function allocationsOf(trx: Knex.Transaction, accountId: string, entryId: string): Promise<Allocation[]> {
  const rows = await tenantRows(trx, 'ledger_allocations')
    .where('account_id', accountId)
    .where((either) => either.where('credit_entry_id', entryId).orWhere('debit_entry_id', entryId))
    .select('credit_entry_id', 'debit_entry_id', trx.raw('amount::text AS amount'));
  return (rows as { credit_entry_id: string; debit_entry_id: string; amount: string }[]).map((row) => ({
    creditEntryId: row.credit_entry_id,
    debitEntryId: row.debit_entry_id,
    amount: safeAmount(row.amount),
  }));
}

export async function insertAllocations(
  trx: Knex.Transaction,
  accountId: string,
  allocations: readonly Allocation[],
): Promise<void> {
  if (allocations.length === 0) return;
  await trx('ledger_allocations').insert(
    allocations.map((allocation) => ({
      account_id: accountId,
      credit_entry_id: allocation.creditEntryId,
      debit_entry_id: allocation.debitEntryId,
      amount: allocation.amount,
    })),
  );
}

/** The balance as of the end of `date`: the sum of what was booked up to it, from the index alone. */
export async function balanceAsOf(trx: Knex.Transaction, accountId: string, date: string): Promise<number> {
  const row = await tenantRows(trx, 'ledger_entries')
    .where('account_id', accountId)
    .where('booked_on', '<=', date)
    .first(trx.raw('coalesce(sum(amount), 0)::text AS balance'));
  return safeAmount((row as { balance: string }).balance);
}

/**
 * Where a page of entries in booking order ended: the next page begins after it. The time is
 * kept as PostgreSQL's text of it, with its microseconds, which a Date would round away.
 */
export interface EntryCursor {
  bookedOn: string;
  createdAt: string;
  id: string;
}

/** Up to `limit` entries booked from `from` to `to`, in booking order, after `cursor` when given. */
export async function entriesBookedPage(
  trx: Knex.Transaction,
  accountId: string,
  period: { from: string; to: string },
  cursor: EntryCursor | undefined,
  limit: number,
): Promise<{ entries: LedgerEntry[]; next: EntryCursor | undefined }> {
  const query = tenantRows(trx, 'ledger_entries')
    .where('account_id', accountId)
    .whereBetween('booked_on', [period.from, period.to])
    .select(...entryColumns(trx), trx.raw('created_at::text AS created_key'))
    .orderBy([{ column: 'booked_on' }, { column: 'created_at' }, { column: 'id' }])
    .limit(limit);
  if (cursor) {
    query.whereRaw('(booked_on, created_at, id) > (?::date, ?::timestamptz, ?::uuid)', [
      cursor.bookedOn,
      cursor.createdAt,
      cursor.id,
    ]);
  }
  const rows = (await query) as (EntryRow & { created_key: string })[];
  const last = rows.at(-1);
  return {
    entries: rows.map(toEntry),
    next:
      last && rows.length === limit
        ? { bookedOn: last.booked_on, createdAt: last.created_key, id: last.id }
        : undefined,
  };
}

/** The entries booked from `from` to `to` (both included), in booking order. */
export async function entriesBooked(
  trx: Knex.Transaction,
  accountId: string,
  period: { from: string; to: string },
): Promise<LedgerEntry[]> {
  const rows = await tenantRows(trx, 'ledger_entries')
    .where('account_id', accountId)
    .whereBetween('booked_on', [period.from, period.to])
    .select(entryColumns(trx))
    .orderBy([{ column: 'booked_on' }, { column: 'created_at' }, { column: 'id' }]);
  return (rows as EntryRow[]).map(toEntry);
}
