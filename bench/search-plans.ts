// Where a search's time goes at a million clients: the search service is run as the portal runs
// it (searchClients, the app role, the tenant's transaction), its statements are caught as knex
// sends them, and each SELECT is run again under EXPLAIN (ANALYZE, BUFFERS) in the tenant's
// transaction, so the plan is the one the page's own SQL gets, row-level security included.
import type { Knex } from 'knex';
import { createNationalIdProtector } from '../src/features/accounts/clients/national-id.ts';
import { accountIdentifiers } from '../src/features/accounts/client-search/client-identifiers.ts';
import { searchClients } from '../src/features/accounts/index.ts';
import { withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import type { KnownClient } from './search-dataset.ts';
import { asciiFold } from './search-names.ts';
import { atBenchTenant } from './sign-ins.ts';
import { TENANT } from './targets.ts';

interface Statement {
  sql: string;
  bindings: readonly unknown[];
}

export interface PlanOptions {
  appUrl: string;
  dataKey: Buffer;
  /** The member of staff the searches are audited as. */
  clerkId: string;
  known: readonly KnownClient[];
  typo: string;
}

export async function explainSearches({ appUrl, dataKey, clerkId, known, typo }: PlanOptions): Promise<string> {
  // The most common surname among the looked-up clients: the name search with the most matches.
  const counts = new Map<string, number>();
  for (const { lastName } of known) counts.set(lastName, (counts.get(lastName) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const client = known[0]!;
  const queries: [string, string][] = [
    ['surname (the most common)', common],
    ['surname prefix', common.slice(0, 4)],
    ['first last', `${client.firstName} ${client.lastName}`],
    ['without marks', asciiFold(client.lastName)],
    ['typo (similar)', typo],
    ['pesel', client.pesel!],
    ['e-mail', client.email!],
    ['login', client.login!],
  ];
  return atBenchTenant(appUrl, TENANT, async (db, tenant) => {
    const nationalIds = createNationalIdProtector({ dataKey });
    const deps = { db, nationalIds, clientIdentifiers: accountIdentifiers(nationalIds) };
    const context = {
      tenant,
      actor: { kind: 'staff' as const, staffId: clerkId, role: 'clerk' as const },
      requestId: 'bench-explain',
    };
    let caught: Statement[] = [];
    db.on('query', (query: Statement) => caught.push({ sql: query.sql, bindings: query.bindings ?? [] }));
    const out = [
      "\nPlans of the search's SELECTs at this size (EXPLAIN (ANALYZE, BUFFERS), app role, the tenant's transaction):",
    ];
    for (const [label, q] of queries) {
      caught = [];
      await searchClients(deps, context, { query: q });
      const selects = caught.filter((s) => /^\s*select/i.test(s.sql) && /"clients"/.test(s.sql));
      out.push(
        `\n== ${label}: "${label === 'pesel' ? `${q.slice(0, 6)}…` : q}" (${selects.length} SELECT${selects.length === 1 ? '' : 's'} on clients)`,
      );
      for (const statement of selects) {
        // knex reports the SQL as sent, with $1…; raw() takes ? placeholders, in order.
        const positions = [...statement.sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]) - 1);
        const sql = statement.sql.replace(/\$\d+/g, '?');
        const bindings = positions.map((position) => statement.bindings[position]);
        const rows = await withTenant(db, tenant.id, (trx) =>
          trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
            bindings as Knex.RawBinding[],
          ),
        );
        const plan = rows.rows.map((row) => row['QUERY PLAN']);
        out.push(`-- ${statement.sql.replace(/\s+/g, ' ').slice(0, 160)}…`, ...plan.map((line) => `   ${line}`));
      }
    }
    return out.join('\n');
  });
}
