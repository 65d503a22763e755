// money_accounts: the one module that reads and writes it (STYLE.md, one owner per table).
// Every function takes a withTenant() transaction; an account of another tenant is not found.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { AccountOwner, Currency, MoneyAccount, OwnerKind } from './ledger.types.ts';
import { tenantDataChanged } from '../../platform/cache/tenant-data-changed.ts';

interface AccountRow {
  id: string;
  owner_kind: OwnerKind;
  owner_id: string;
  currency: Currency;
  kind: string;
  name: string;
  opened_on: string;
}

const COLUMNS = ['id', 'owner_kind', 'owner_id', 'currency', 'kind', 'name', 'opened_on'] as const;

/** The columns, the date as YYYY-MM-DD text (pg would make a local-midnight Date of it). */
function accountColumns(trx: Knex.Transaction, alias = 'money_accounts') {
  return [
    ...COLUMNS.filter((column) => column !== 'opened_on').map((column) => `${alias}.${column}`),
    trx.raw('??::text AS opened_on', [`${alias}.opened_on`]),
  ];
}

function toAccount(row: AccountRow): MoneyAccount {
  return {
    id: row.id,
    ownerKind: row.owner_kind,
    ownerId: row.owner_id,
    currency: row.currency,
    kind: row.kind,
    name: row.name,
    openedOn: row.opened_on,
  };
}

export async function insertAccount(
  trx: Knex.Transaction,
  input: AccountOwner & { currency: Currency; kind: string; name: string; openedOn: string },
): Promise<MoneyAccount> {
  await tenantDataChanged(trx);
  const [row] = await trx('money_accounts')
    .insert({
      owner_kind: input.ownerKind,
      owner_id: input.ownerId,
      currency: input.currency,
      kind: input.kind,
      name: input.name,
      opened_on: input.openedOn,
    })
    .returning('id');
  // Read back rather than RETURNING the date as text: Citus allows only immutable functions
  // there, and a date's text depends on DateStyle.
  return (await accountById(trx, (row as { id: string }).id))!;
}

export async function accountById(trx: Knex.Transaction, accountId: string): Promise<MoneyAccount | undefined> {
  const row = await tenantRows(trx, 'money_accounts').where('id', accountId).first(accountColumns(trx));
  return row ? toAccount(row as AccountRow) : undefined;
}

/**
 * The account, locked until the transaction ends: every posting to an account takes this lock
 * first, so postings to one account run one after another (allocation reads what the previous
 * one wrote) while other accounts go on. Tenant-scoped, as Citus needs for FOR UPDATE.
 */
export async function lockAccount(trx: Knex.Transaction, accountId: string): Promise<MoneyAccount | undefined> {
  const row = await tenantRows(trx, 'money_accounts').where('id', accountId).forUpdate().first(accountColumns(trx));
  return row ? toAccount(row as AccountRow) : undefined;
}

/** The holder's accounts with their balance of all entries, oldest account first. */
export async function accountsOfOwner(
  trx: Knex.Transaction,
  owner: AccountOwner,
): Promise<(MoneyAccount & { balance: number })[]> {
  const rows = await tenantRows(trx, 'money_accounts as a')
    .where({ 'a.owner_kind': owner.ownerKind, 'a.owner_id': owner.ownerId })
    .select(
      ...accountColumns(trx, 'a'),
      trx.raw(
        `(SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e
           WHERE e.tenant_id = a.tenant_id AND e.account_id = a.id)::text AS balance`,
      ),
    )
    .orderBy([{ column: 'a.opened_on' }, { column: 'a.created_at' }, { column: 'a.id' }]);
  return (rows as (AccountRow & { balance: string })[]).map((row) => ({
    ...toAccount(row),
    balance: safeAmount(row.balance),
  }));
}

/** Every account of the tenant held by this kind of owner (for an import that names owners by the thousand). */
export async function accountsOfKind(trx: Knex.Transaction, ownerKind: OwnerKind): Promise<MoneyAccount[]> {
  const rows = await tenantRows(trx, 'money_accounts').where('owner_kind', ownerKind).select(accountColumns(trx));
  return (rows as AccountRow[]).map(toAccount);
}

/** A sum or amount as PostgreSQL sends it (bigint and numeric as text), as an integer in code. */
export function safeAmount(text: string | number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`amount beyond a safe integer: ${text}`);
  return value;
}
