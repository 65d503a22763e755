// Every statement the counter's search sends about clients can be answered from an index
// (issue #19: "a test checks with EXPLAIN that no search uses a sequential scan on clients").
// A test table is small, and on a small table the planner rightly prefers to read it all; so
// each statement, captured as the search sends it, is explained with sequential scans priced
// out (enable_seqscan off): a Seq Scan on clients left in the plan means no index can serve it.
// Nor may an index merely stand in for the table: some index on clients must look up what was
// searched for (an Index Cond naming a column besides tenant_id).
// The speed at a million clients is the bench's (bench/README.md), not a test's.
import { describe, expect, it } from 'vitest';
import { accountIdentifiers } from '../../src/features/accounts/client-search/client-identifiers.ts';
import { searchClients } from '../../src/features/accounts/index.ts';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { createActiveClient, createClientWithPesel } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();
const PESEL = '44051401359';

interface Statement {
  sql: string;
  bindings: readonly unknown[];
}

/** The SELECTs about clients that a search sends, as knex sends them. */
async function statementsOf(tenantId: TenantId, query: string, after?: string): Promise<Statement[]> {
  const nationalIds = createNationalIdProtector({ dataKey: TEST_DATA_KEY, previousDataKeys: [] });
  const deps = { db: db.current.app, nationalIds, clientIdentifiers: accountIdentifiers(nationalIds) };
  const context: ServiceContext = {
    tenant: { id: tenantId } as unknown as Tenant,
    actor: { kind: 'staff', staffId: crypto.randomUUID(), role: 'clerk' },
    requestId: 'plans',
  };
  const captured: Statement[] = [];
  const listen = (data: { sql: string; bindings?: unknown[] }) => {
    if (/^\s*select/i.test(data.sql) && /\bclients\b/.test(data.sql)) {
      captured.push({ sql: data.sql, bindings: data.bindings ?? [] });
    }
  };
  db.current.app.on('query', listen);
  try {
    await searchClients(deps, context, { query, after });
  } finally {
    db.current.app.off('query', listen);
  }
  return captured;
}

async function planOf(tenantId: TenantId, statement: Statement): Promise<string> {
  return withTenant(db.current.app, tenantId, async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
      `EXPLAIN ${statement.sql.replace(/\$\d+/g, '?')}`,
      statement.bindings as never,
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

/** A scan of an index on clients with the lines under it (its Index Cond, Filter…). */
function clientIndexScans(plan: string): string[] {
  const lines = plan.split('\n');
  const scans: string[] = [];
  lines.forEach((line, at) => {
    if (
      !/(Index Scan|Index Only Scan|Bitmap Index Scan) (Backward )?using clients\w* on clients\b|Bitmap Index Scan on clients\w*/.test(
        line,
      )
    )
      return;
    const depth = line.search(/\S/);
    const under = lines
      .slice(at + 1)
      .filter((next, i, rest) => rest.slice(0, i + 1).every((l) => l.search(/\S/) > depth));
    scans.push([line, ...under].join('\n'));
  });
  return scans;
}

/** An Index Cond that names what was searched: the folded name, an e-mail, a login, a blind index, an id. */
const LOOKS_UP = /Index Cond: .*\b(search_name|name_word_\d|email_key|login_key|national_id_index|phone_key|id)\b/;

describe('the search’s plans', () => {
  it('reads clients through an index for a name, a page after, a typo, a PESEL, an e-mail, a login and a phone', async () => {
    const tenant = await createTenant(db.current.owner);
    const tenantId = tenant.id;
    const first = await createActiveClient(db.current.app, tenantId, { first_name: 'Jan', last_name: 'Kowalski' });
    await createClientWithPesel(db.current.app, tenantId, PESEL, { login: 'mlis77', phone: '+48601234567' });
    // Enough other clients that the planner's choice among indexes means something.
    await withTenant(db.current.app, tenantId, (trx) =>
      trx.raw(
        `INSERT INTO clients (first_name, last_name, email, login, preferred_locale, status, created_at)
         SELECT 'Imię' || n, 'Nazwisko' || n, 'c' || n || '@example.test', 'login' || n, 'pl', 'counter_only', now()
           FROM generate_series(1, 5000) AS n`,
      ),
    );
    await db.current.owner.raw('ANALYZE clients');

    const searches: [string, string | undefined][] = [
      ['Kowalski', undefined],
      ['jan kow', first.id],
      ['Kowlaski', undefined],
      ['zz', undefined],
      [PESEL, undefined],
      [first.email!, undefined],
      ['mlis77', undefined],
      ['601 234 567', undefined],
    ];
    let explained = 0;
    for (const [query, after] of searches) {
      const statements = await statementsOf(tenantId, query, after);
      expect([query, statements.length > 0]).toEqual([query, true]);
      // A query with a digit or an @ is no name (names hold neither): only its identifiers are looked up.
      const searchesNames = statements.some((statement) => statement.sql.includes('name_word_'));
      expect([query, searchesNames]).toEqual([query, !/[@0-9]/.test(query)]);
      for (const statement of statements) {
        const plan = await planOf(tenantId, statement);
        expect(`${query}:\n${plan}`).not.toMatch(/Seq Scan on clients/);
        expect([query, clientIndexScans(plan).some((scan) => LOOKS_UP.test(scan))]).toEqual([query, true]);
        explained += 1;
      }
    }
    expect(explained).toBeGreaterThanOrEqual(searches.length);
  });
});
