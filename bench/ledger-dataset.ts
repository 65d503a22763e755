// The money core's and the housing e-BOK's bench dataset (issues #20, #21): 100 tenants, a
// hundred thousand premises and ten million entries, loaded with COPY (copy-in.ts), not row by
// row. Each tenant is a copy of the demo housing cooperative with its buildings of 50 premises;
// each premises has its fees (an area rate and a per-person rate) and one account, whose entries
// are its fees since the tenant started with the portal: an opening balance, a charge every month
// due on the 10th, and a payment most months (sometimes late, sometimes missed, now and then
// twice), so the balance at a date is a real sum, not a constant.
// The tenants started at different times, as cooperatives join one by one: the last one ten
// years ago (its premises are those with ten years of entries the housing pages are measured
// on), the first a few months ago; how far back each goes is chosen so the whole holds about
// the entries asked for. The last tenant also keeps one large commercial premises whose ten
// years hold EXPORT_ENTRIES entries, for the turnover export.
// Every row is made in JS from a seeded random source, so two runs load the same data. The
// entries' secondary index is dropped before the COPY and made again after (building it once
// over the loaded rows takes a fraction of updating it ten million times); then VACUUM ANALYZE,
// so the planner has statistics and the table is all-visible, as a table this size long in use
// is, and the balance is an index-only scan.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { copyIn, dropSecondaryIndexes } from './copy-in.ts';
import { seededRandom } from './search-names.ts';

export const LEDGER_TENANTS = 100;
const FIRST_YEAR = 2016;
/** Ten years, 2016 to 2025: the last tenant's history. */
const MONTHS = 120;
const ROWS_PER_CHUNK = 2_000;
/** A premises in ten million entries, as the issue sizes it: a hundred thousand premises. */
const ENTRIES_PER_PREMISES = 100;
/** A premises' entries a month: its charge and 0.9 × 1.05 payments. */
const ENTRIES_PER_MONTH = 1.945;
const PREMISES_PER_BUILDING = 50;
/** The turnover export's premises: a year of them is a 12,000-row spreadsheet. */
export const EXPORT_ENTRIES = 120_000;
const AREA_RATE = 412; // grosze per m² a month
const PERSON_RATE = 1_850; // grosze per person a month

export interface LedgerAccount {
  tenantId: string;
  accountId: string;
  premisesId: string;
}

/** An account whose balance the bench knows at a date, to check the answers. */
export interface KnownBalance extends LedgerAccount {
  date: string;
  balance: number;
}

export interface LedgerDataset {
  tenants: number;
  premises: number;
  accounts: LedgerAccount[];
  entries: number;
  known: KnownBalance[];
  /** The tenant whose premises have ten years of entries, and its first day with the portal. */
  fullHistory: { tenantId: string; slug: string; since: string; accounts: LedgerAccount[] };
  /** The premises whose turnover holds EXPORT_ENTRIES entries (at the full-history tenant). */
  exportAccount: LedgerAccount;
  seconds: { copy: number; indexes: number; vacuum: number };
}

const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const monthStart = (month: number): string => isoDate(FIRST_YEAR + Math.floor(month / 12), (month % 12) + 1, 1);

/** The 100 tenants, copies of the demo housing cooperative. */
async function createTenants(client: pg.Client): Promise<{ id: string; slug: string }[]> {
  const { rows } = await client.query<{ id: string; slug: string }>(
    `INSERT INTO tenants (slug, name, kind, modules, default_locale, time_zone, branding, contact, settings)
     SELECT 'bench-ledger-' || n, t.name || ' (ledger bench ' || n || ')', t.kind, t.modules, t.default_locale,
            t.time_zone, t.branding, t.contact, t.settings
       FROM generate_series(1, $1::int) AS n
       JOIN tenants t ON t.slug = 'sm-sloneczna'
     ORDER BY n
     RETURNING id, slug`,
    [LEDGER_TENANTS],
  );
  return rows;
}

interface TenantPlan {
  id: string;
  slug: string;
  /** The month (0 = January 2016) its history starts. */
  firstMonth: number;
  buildings: string[];
  accounts: LedgerAccount[];
}

interface Plan {
  tenants: TenantPlan[];
  exportAccount: LedgerAccount;
  /** One account in 200 is checked: its balance at a date picked while its rows are made. */
  known: KnownBalance[];
}

/**
 * Tenant n of N goes back 120 × ((n + 1) / N)^p months: the last ten years, the first a few
 * months; p makes the mean what `entries` over the premises asks for (the mean of x^p over
 * 0..1 is 1 / (p + 1)).
 */
function monthsOfHistory(index: number, tenants: number, meanMonths: number): number {
  const power = Math.max(0, MONTHS / Math.min(MONTHS, meanMonths) - 1);
  return Math.max(1, Math.round(MONTHS * ((index + 1) / tenants) ** power));
}

function planOf(tenants: { id: string; slug: string }[], entries: number): Plan {
  const premisesCount = Math.max(tenants.length, Math.round(entries / ENTRIES_PER_PREMISES));
  const perTenant = Math.ceil(premisesCount / tenants.length);
  const meanMonths = (entries - EXPORT_ENTRIES) / premisesCount / ENTRIES_PER_MONTH;
  const plans = tenants.map(({ id, slug }, index) => {
    const buildings = Array.from({ length: Math.ceil(perTenant / PREMISES_PER_BUILDING) }, () => randomUUID());
    const accounts = Array.from({ length: perTenant }, () => ({
      tenantId: id,
      accountId: randomUUID(),
      premisesId: randomUUID(),
    }));
    return { id, slug, firstMonth: MONTHS - monthsOfHistory(index, tenants.length, meanMonths), buildings, accounts };
  });
  const last = plans[plans.length - 1]!;
  const exportAccount = { tenantId: last.id, accountId: randomUUID(), premisesId: randomUUID() };
  return { tenants: plans, exportAccount, known: [] };
}

function* chunked(rows: Iterable<string>): Generator<string> {
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= ROWS_PER_CHUNK) {
      yield `${chunk.join('\n')}\n`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}

function* buildingRows(plan: Plan): Generator<string> {
  for (const tenant of plan.tenants) {
    for (const [n, id] of tenant.buildings.entries()) {
      yield `${tenant.id},${id},Osiedlowa,${n + 1},00-${String(n % 1000).padStart(3, '0')},Bench`;
    }
  }
}

/** Premises n of a tenant: flat n in building n / 50; the export's premises a shop in the first. */
function* premisesRows(plan: Plan): Generator<string> {
  for (const tenant of plan.tenants) {
    for (const [n, account] of tenant.accounts.entries()) {
      const building = tenant.buildings[Math.floor(n / PREMISES_PER_BUILDING)]!;
      const area = 2_800 + ((n * 37) % 6_000);
      const persons = 1 + (n % 4);
      yield `${tenant.id},${account.premisesId},${building},${(n % PREMISES_PER_BUILDING) + 1},residential,B-${n + 1},${area},${persons}`;
    }
  }
  const { tenantId, premisesId } = plan.exportAccount;
  const building = plan.tenants[plan.tenants.length - 1]!.buildings[0]!;
  yield `${tenantId},${premisesId},${building},U1,commercial,B-EXPORT,48000,0`;
}

function* feeRows(plan: Plan): Generator<string> {
  for (const tenant of plan.tenants) {
    const since = monthStart(tenant.firstMonth);
    for (const { premisesId } of tenant.accounts) {
      yield `${tenant.id},${randomUUID()},${premisesId},maintenance,Eksploatacja,area,${AREA_RATE},${since}`;
      yield `${tenant.id},${randomUUID()},${premisesId},maintenance,Wywóz odpadów,persons,${PERSON_RATE},${since}`;
    }
  }
}

function* accountRows(plan: Plan): Generator<string> {
  const row = (a: LedgerAccount, opened: string) =>
    `${a.tenantId},${a.accountId},premises,${a.premisesId},PLN,maintenance,Eksploatacja,${opened}`;
  for (const tenant of plan.tenants) {
    for (const account of tenant.accounts) yield row(account, monthStart(tenant.firstMonth));
  }
  yield row(plan.exportAccount, monthStart(0));
}

/** Every entry of every account, in CSV; counts them into `counted`. */
function* entryRows(plan: Plan, counted: { entries: number }): Generator<string> {
  const random = seededRandom(20);
  const row = (account: LedgerAccount, kind: string, amount: number, on: string, due: string, title: string) => {
    counted.entries += 1;
    const source = kind === 'payment' ? 'transfer' : '';
    return `${account.tenantId},${randomUUID()},${account.accountId},${kind},${amount},${on},${due},${title},${source}`;
  };
  let index = 0;
  for (const tenant of plan.tenants) {
    for (const account of tenant.accounts) {
      const fee = 30_000 + Math.floor(random() * 70_000);
      const checkAt =
        index++ % 200 === 0 ? tenant.firstMonth + Math.floor(random() * (MONTHS - tenant.firstMonth)) : -1;
      let balance = 0;
      const opening = Math.floor(random() * 50_000);
      const since = monthStart(tenant.firstMonth);
      if (opening > 0) {
        yield row(account, 'opening_balance', opening, since, since, 'Saldo otwarcia');
        balance += opening;
      }
      for (let month = tenant.firstMonth; month < MONTHS; month++) {
        const year = FIRST_YEAR + Math.floor(month / 12);
        const m = (month % 12) + 1;
        yield row(account, 'charge', fee, isoDate(year, m, 1), isoDate(year, m, 10), `Opłata ${m}/${year}`);
        balance += fee;
        const paid = random();
        if (paid < 0.9) {
          const times = paid < 0.05 ? 2 : 1;
          for (let n = 0; n < times; n++) {
            yield row(account, 'payment', -fee, isoDate(year, m, 5 + Math.floor(random() * 20)), '', 'Wpłata');
            balance -= fee;
          }
        }
        // Known at the end of the month: every entry of it is booked by the 28th.
        if (month === checkAt) plan.known.push({ ...account, date: isoDate(year, m, 28), balance });
      }
    }
  }
  // The shop's ten years: its entries spread evenly over the days, charges and payments in turn.
  const days = 3_652;
  for (let n = 0; n < EXPORT_ENTRIES; n++) {
    const day = new Date(Date.UTC(FIRST_YEAR, 0, 1 + Math.floor((n * days) / EXPORT_ENTRIES)));
    const on = day.toISOString().slice(0, 10);
    yield n % 2 === 0
      ? row(plan.exportAccount, 'charge', 12_345, on, on, `Dostawa ${n / 2 + 1}`)
      : row(plan.exportAccount, 'payment', -12_345, on, '', `Wpłata ${(n + 1) / 2}`);
  }
}

/** About `entries` entries over a premises for every hundred of them. */
export async function seedLedgerDataset(adminUrl: string, entries: number): Promise<LedgerDataset> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'okienko bench ledger seed' });
  await client.connect();
  try {
    const plan = planOf(await createTenants(client), entries);
    await client.query("SET maintenance_work_mem = '512MB'");
    const started = performance.now();
    const copy = (statement: string, rows: Iterable<string>) => copyIn(client, statement, chunked(rows));
    await copy(
      'COPY buildings (tenant_id, id, street, house_number, postal_code, city) FROM STDIN WITH (FORMAT csv)',
      buildingRows(plan),
    );
    const premises = await copy(
      `COPY premises (tenant_id, id, building_id, number, kind, code, area_hundredths, persons)
         FROM STDIN WITH (FORMAT csv)`,
      premisesRows(plan),
    );
    await copy(
      `COPY fee_components (tenant_id, id, premises_id, fund, title, basis, rate, valid_from)
         FROM STDIN WITH (FORMAT csv)`,
      feeRows(plan),
    );
    await copy(
      'COPY money_accounts (tenant_id, id, owner_kind, owner_id, currency, kind, name, opened_on) FROM STDIN WITH (FORMAT csv)',
      accountRows(plan),
    );
    const definitions = await dropSecondaryIndexes(client, 'ledger_entries');
    const counted = { entries: 0 };
    await copy(
      `COPY ledger_entries (tenant_id, id, account_id, kind, amount, booked_on, due_on, title, payment_source)
         FROM STDIN WITH (FORMAT csv)`,
      entryRows(plan, counted),
    );
    const copiedAt = performance.now();
    for (const definition of definitions) await client.query(definition);
    const indexedAt = performance.now();
    for (const table of ['buildings', 'premises', 'fee_components', 'money_accounts', 'ledger_entries']) {
      await client.query(`VACUUM (ANALYZE) ${table}`);
    }
    const seconds = (from: number, to: number) => (to - from) / 1000;
    const last = plan.tenants[plan.tenants.length - 1]!;
    return {
      tenants: plan.tenants.length,
      premises,
      accounts: plan.tenants.flatMap((tenant) => tenant.accounts),
      entries: counted.entries,
      known: plan.known,
      fullHistory: { tenantId: last.id, slug: last.slug, since: monthStart(last.firstMonth), accounts: last.accounts },
      exportAccount: plan.exportAccount,
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
