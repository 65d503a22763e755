// The ledger at ten million entries (issue #20; opt-in: BENCH_ONLY=ledger, or BENCH_LARGE=1 in
// a full run). The dataset is seeded (ledger-dataset.ts); then the balance as of a date is asked
// for as the portal asks it: balanceAsOf, the app role, in the tenant's transaction (so the
// time includes BEGIN, the tenant's setting and COMMIT, not only the SELECT), one account and
// date after another at random over the hundred tenants. Every answer at an account whose
// balance the seed knows is checked. Then the plan the statement gets at this size (EXPLAIN
// ANALYZE, app role, row-level security on), which must read the index, not the table.
import type { Knex } from 'knex';
import { balanceAsOf } from '../src/features/money/index.ts';
import { asTenantId, createDatabase, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { seedLedgerDataset, type LedgerDataset } from './ledger-dataset.ts';
import { percentile } from './paced.ts';
import { formatInt } from './report.ts';
import { seededRandom } from './search-names.ts';

export interface LedgerFigures {
  dataset: LedgerDataset;
  /** Sorted, ms: the whole call (transaction included). */
  latencies: number[];
  /** The statement's own execution time by EXPLAIN ANALYZE, ms, and its plan. */
  executionMs: number;
  plan: string;
  wrong: string | undefined;
}

export interface LedgerPhase {
  adminUrl: string;
  appUrl: string;
  entries: number;
  queries: number;
  say: (line: string) => void;
}

const day = (random: () => number): string => {
  const year = 2016 + Math.floor(random() * 11);
  const month = 1 + Math.floor(random() * 12);
  return `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
};

/** The statement balanceAsOf sends, caught as knex sends it, under EXPLAIN (ANALYZE, BUFFERS). */
async function explainBalance(db: Knex, tenantId: string, accountId: string, date: string) {
  let caught: { sql: string; bindings: readonly unknown[] } | undefined;
  const listen = (query: { sql: string; bindings?: readonly unknown[] }) => {
    if (/ledger_entries/.test(query.sql)) caught = { sql: query.sql, bindings: query.bindings ?? [] };
  };
  db.on('query', listen);
  await withTenant(db, asTenantId(tenantId), (trx) => balanceAsOf(trx, accountId, date));
  db.off('query', listen);
  if (!caught) throw new Error('balanceAsOf sent no statement on ledger_entries');
  const { sql, bindings } = caught;
  const positions = [...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]) - 1);
  const plan = await withTenant(db, asTenantId(tenantId), (trx) =>
    trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql.replace(/\$\d+/g, '?')}`,
      positions.map((position) => bindings[position]) as Knex.RawBinding[],
    ),
  );
  const lines = plan.rows.map((row) => row['QUERY PLAN']);
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1] ?? Number.NaN);
  return { plan: [`-- ${sql.replace(/\s+/g, ' ')}`, ...lines].join('\n'), executionMs };
}

export async function ledgerPhase({ adminUrl, appUrl, entries, queries, say }: LedgerPhase): Promise<LedgerFigures> {
  say(`\nLedger: seeding ${formatInt(entries)} entries and their premises over 100 tenants with COPY…`);
  const dataset = await seedLedgerDataset(adminUrl, entries);
  say(
    `  ${formatInt(dataset.entries)} entries in the accounts of ${formatInt(dataset.premises)} premises: ` +
      `copy ${dataset.seconds.copy.toFixed(0)} s, indexes ${dataset.seconds.indexes.toFixed(0)} s, ` +
      `vacuum ${dataset.seconds.vacuum.toFixed(0)} s`,
  );
  const db = createDatabase({ url: appUrl, poolMax: 1, applicationName: 'okienko bench ledger' });
  try {
    let wrong: string | undefined;
    for (const known of dataset.known) {
      const balance = await withTenant(db, asTenantId(known.tenantId), (trx) =>
        balanceAsOf(trx, known.accountId, known.date),
      );
      if (balance !== known.balance && !wrong) {
        wrong = `account ${known.accountId} on ${known.date}: ${balance}, the seed booked ${known.balance}`;
      }
    }
    const random = seededRandom(21);
    const latencies: number[] = [];
    for (let n = 0; n < queries; n++) {
      const { tenantId, accountId } = dataset.accounts[Math.floor(random() * dataset.accounts.length)]!;
      const date = day(random);
      const began = performance.now();
      await withTenant(db, asTenantId(tenantId), (trx) => balanceAsOf(trx, accountId, date));
      latencies.push(performance.now() - began);
    }
    latencies.sort((a, b) => a - b);
    const sample = dataset.accounts[0]!;
    const { plan, executionMs } = await explainBalance(db, sample.tenantId, sample.accountId, '2021-06-30');
    say(
      `  balance as of a date, ${formatInt(queries)} calls one after another: ` +
        `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms ` +
        `(the whole transaction); ${dataset.known.length} known balances checked${wrong ? `: WRONG ${wrong}` : ', all right'}`,
    );
    say(`  its plan at this size:\n${plan.replace(/^/gm, '    ')}`);
    return { dataset, latencies, executionMs, plan, wrong };
  } finally {
    await db.destroy();
  }
}
