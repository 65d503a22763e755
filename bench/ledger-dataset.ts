// The ledger bench's dataset (issue #20): 100 tenants and ten million entries, loaded with COPY
// (copy-in.ts), not row by row. Each account is a premises' fees over ten years: an opening
// balance, a charge every month due on the 10th, and a payment most months (sometimes late,
// sometimes missed, now and then twice), so the balance at a date is a real sum, not a constant.
// Accounts are spread evenly over the tenants; every row is made in JS from a seeded random
// source, so two runs load the same ledger. The entries' secondary index is dropped before the
// COPY and made again after (building it once over the loaded rows takes a fraction of
// updating it ten million times); then VACUUM ANALYZE, so the planner has statistics and the
// table is all-visible, as a table this size long in use is, and the balance is an index-only scan.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { copyIn, dropSecondaryIndexes } from './copy-in.ts';
import { seededRandom } from './search-names.ts';

export const LEDGER_TENANTS = 100;
const FIRST_YEAR = 2016;
const MONTHS = 120;
const ROWS_PER_CHUNK = 2_000;

export interface LedgerAccount {
  tenantId: string;
  accountId: string;
}

/** An account whose balance the bench knows at a date, to check the answers. */
export interface KnownBalance extends LedgerAccount {
  date: string;
  balance: number;
}

export interface LedgerDataset {
  tenants: number;
  accounts: LedgerAccount[];
  entries: number;
  known: KnownBalance[];
  seconds: { copy: number; indexes: number; vacuum: number };
}

const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The 100 tenants, copies of the demo housing cooperative. */
async function createTenants(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, kind, modules, default_locale, time_zone, branding, contact, settings)
     SELECT 'bench-ledger-' || n, t.name || ' (ledger bench ' || n || ')', t.kind, t.modules, t.default_locale,
            t.time_zone, t.branding, t.contact, t.settings
       FROM generate_series(1, $1::int) AS n
       JOIN tenants t ON t.slug = 'sm-sloneczna'
     RETURNING id`,
    [LEDGER_TENANTS],
  );
  return rows.map((row) => row.id);
}

interface Plan {
  accounts: LedgerAccount[];
  /** One account in 200 is checked: its balance at a date picked while its rows are made. */
  known: KnownBalance[];
}

function* accountRows(plan: Plan): Generator<string> {
  for (let start = 0; start < plan.accounts.length; start += ROWS_PER_CHUNK) {
    yield plan.accounts
      .slice(start, start + ROWS_PER_CHUNK)
      .map((a) => `${a.tenantId},${a.accountId},premises,${randomUUID()},PLN,fees,Opłaty,${FIRST_YEAR}-01-01\n`)
      .join('');
  }
}

/** Every entry of every account, in CSV; counts them into `counted`. */
function* entryRows(plan: Plan, counted: { entries: number }): Generator<string> {
  const random = seededRandom(20);
  let chunk: string[] = [];
  for (const [index, { tenantId, accountId }] of plan.accounts.entries()) {
    const fee = 30_000 + Math.floor(random() * 70_000);
    const checkAt = index % 200 === 0 ? Math.floor(random() * MONTHS) : -1;
    let balance = 0;
    const row = (kind: string, amount: number, bookedOn: string, dueOn: string, title: string, source: string) => {
      chunk.push(`${tenantId},${randomUUID()},${accountId},${kind},${amount},${bookedOn},${dueOn},${title},${source}`);
      counted.entries += 1;
    };
    const opening = Math.floor(random() * 50_000);
    if (opening > 0) {
      row('opening_balance', opening, `${FIRST_YEAR}-01-01`, `${FIRST_YEAR}-01-01`, 'Saldo otwarcia', '');
      balance += opening;
    }
    for (let month = 0; month < MONTHS; month++) {
      const year = FIRST_YEAR + Math.floor(month / 12);
      const m = (month % 12) + 1;
      row('charge', fee, isoDate(year, m, 1), isoDate(year, m, 10), `Opłata ${m}/${year}`, '');
      balance += fee;
      const paid = random();
      if (paid < 0.9) {
        const times = paid < 0.05 ? 2 : 1;
        for (let n = 0; n < times; n++) {
          row('payment', -fee, isoDate(year, m, 5 + Math.floor(random() * 20)), '', 'Wpłata', 'transfer');
          balance -= fee;
        }
      }
      // Known at the end of the month: every entry of it is booked by the 28th.
      if (month === checkAt) plan.known.push({ tenantId, accountId, date: isoDate(year, m, 28), balance });
    }
    if (chunk.length >= ROWS_PER_CHUNK) {
      yield `${chunk.join('\n')}\n`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}

/** About `entries` entries: each account has some 240 (120 charges, their payments, an opening balance). */
export async function seedLedgerDataset(adminUrl: string, entries: number): Promise<LedgerDataset> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'okienko bench ledger seed' });
  await client.connect();
  try {
    const tenants = await createTenants(client);
    const accountCount = Math.max(tenants.length, Math.round(entries / 230));
    const plan: Plan = {
      accounts: Array.from({ length: accountCount }, (_, n) => ({
        tenantId: tenants[n % tenants.length]!,
        accountId: randomUUID(),
      })),
      known: [],
    };
    await client.query("SET maintenance_work_mem = '512MB'");
    const started = performance.now();
    await copyIn(
      client,
      'COPY money_accounts (tenant_id, id, owner_kind, owner_id, currency, kind, name, opened_on) FROM STDIN WITH (FORMAT csv)',
      accountRows(plan),
    );
    const definitions = await dropSecondaryIndexes(client, 'ledger_entries');
    const counted = { entries: 0 };
    await copyIn(
      client,
      `COPY ledger_entries (tenant_id, id, account_id, kind, amount, booked_on, due_on, title, payment_source)
         FROM STDIN WITH (FORMAT csv)`,
      entryRows(plan, counted),
    );
    const copiedAt = performance.now();
    for (const definition of definitions) await client.query(definition);
    const indexedAt = performance.now();
    await client.query('VACUUM (ANALYZE) money_accounts');
    await client.query('VACUUM (ANALYZE) ledger_entries');
    const seconds = (from: number, to: number) => (to - from) / 1000;
    return {
      tenants: tenants.length,
      accounts: plan.accounts,
      entries: counted.entries,
      known: plan.known,
      seconds: {
        copy: seconds(started, copiedAt),
        indexes: seconds(copiedAt, indexedAt),
        vacuum: seconds(indexedAt, performance.now()),
      },
    };
  } finally {
    await client.end();
  }
}
