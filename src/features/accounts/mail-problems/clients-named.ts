// Which of some users are clients of the tenant, and their names: the staff's mail problems
// page links a mail to the client's page when it was a client's (a mail may be a member of
// staff's, or nobody's), in one query for the page.
import type { Knex } from 'knex';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export interface NamedClient {
  firstName: string;
  lastName: string;
}

/** The clients among `ids`, by id, in a transaction of the tenant. */
export async function clientsNamed(trx: Knex.Transaction, ids: readonly string[]): Promise<Map<string, NamedClient>> {
  if (ids.length === 0) return new Map();
  const rows = await tenantRows(trx, 'clients')
    .whereIn('id', [...new Set(ids)])
    .select('id', 'first_name', 'last_name');
  return new Map(rows.map((row) => [row.id as string, { firstName: row.first_name, lastName: row.last_name }]));
}
