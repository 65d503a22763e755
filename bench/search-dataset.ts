// The search bench's clients (issue #19): a million at the bench tenant and 100 small tenants of
// 100–1,000 each beside it, in the bench database. Loaded with COPY (copy-in.ts), as the issue
// asks, not row by row: every row is made in JS because its PESEL must be sealed and blind-indexed
// under the portal's DATA_KEY exactly as national-id.ts does (the index is an HMAC, which SQL
// here cannot compute), so a PESEL typed at the counter finds it and its result line opens it.
// One password hash, made once by the portal's hashPassword, for every client.
//
// The clients table's indexes other than its constraints' are dropped before the COPY and made
// again after from their own definitions (pg_get_indexdef): building an index once over the
// loaded rows takes a fraction of updating it a million times (the trigram GIN above all). Then
// VACUUM ANALYZE, so the planner has statistics and the table is all-visible, as a table this
// size long in use is.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createNationalIdProtector } from '../src/features/accounts/clients/national-id.ts';
import { nationalIdContext } from '../src/features/accounts/registration/registration.service.ts';
import { hashPassword } from '../src/platform/crypto/password-hash.ts';
import { makePesel } from '../src/lib/pesel.ts';
import { copyIn, dropSecondaryIndexes } from './copy-in.ts';
import {
  FIRST_NAMES,
  SURNAMES,
  TAIL_SURNAMES,
  asciiFold,
  seededRandom,
  skewedPicker,
  type Language,
  type Surname,
} from './search-names.ts';

export const SMALL_TENANTS = 100;

/** A client the bench will look up, with what the result line must show. */
export interface KnownClient {
  firstName: string;
  lastName: string;
  email: string | null;
  login: string | null;
  pesel: string | null;
}

export interface SearchDataset {
  tenantId: string;
  clients: number;
  smallTenantClients: number;
  signInEvents: number;
  /** Active clients with an e-mail, a login and a PESEL, spread over the tenant. */
  known: KnownClient[];
  /** Seconds: making and copying the rows, building the indexes, VACUUM ANALYZE. */
  seconds: { copy: number; indexes: number; vacuum: number };
}

interface SeedOptions {
  /** Superuser URL of the bench database. */
  adminUrl: string;
  slug: string;
  clients: number;
  dataKey: Buffer;
}

const ROWS_PER_CHUNK = 2_000;
/** Distinct birthdays a PESEL is made from (1935–2010): with the serial, unique per tenant. */
const BIRTH_DAYS = 27_000;
const DAY_MS = 86_400_000;

interface Status {
  status: string;
  share: number;
}

/** Mostly active, as a tenant's register is after a few years; the rest in every other state. */
const STATUSES: Status[] = [
  { status: 'active', share: 0.86 },
  { status: 'counter_only', share: 0.05 },
  { status: 'deactivated', share: 0.02 },
  { status: 'issued', share: 0.015 },
  { status: 'pending_activation', share: 0.01 },
  { status: 'locked', share: 0.01 },
  { status: 'closing', share: 0.015 },
  { status: 'anonymised', share: 0.02 },
];

function pickStatus(random: () => number): string {
  let left = random();
  for (const { status, share } of STATUSES) if ((left -= share) < 0) return status;
  return 'active';
}

const csv = (value: string | null): string => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);
const hex = (bytes: Buffer | null): string => (bytes ? `\\x${bytes.toString('hex')}` : '');

interface TenantPlan {
  id: string;
  clients: number;
  /** Share of Czech names: the bench tenant is Polish with a Czech minority; small ones vary. */
  czech: number;
  loginPrefix: string;
  /** The bench tenant: about a thousand of its clients are kept as `known`, to be looked up. */
  lookedUp: boolean;
}

const CLIENT_COLUMNS = `tenant_id, id, first_name, last_name, email, login, national_id_sealed, national_id_index,
  preferred_locale, status, password_hash, registration_expires_at, created_at, activated_at,
  start_password_expires_at, closed_at`;

/** The CSV rows of every tenant's clients, made as they are sent; fills `known` and `events` on the way. */
function* clientRows(
  plans: TenantPlan[],
  dataKey: Buffer,
  passwordHash: string,
  known: KnownClient[],
  events: { tenantId: string; clientId: string; at: Date }[],
): Generator<string> {
  const nationalIds = createNationalIdProtector({ dataKey });
  const random = seededRandom(19);
  const pickSurname = { pl: skewedPicker(SURNAMES.pl), cs: skewedPicker(SURNAMES.cs) };
  const pickFirst = {
    pl: { female: skewedPicker(FIRST_NAMES.pl.female), male: skewedPicker(FIRST_NAMES.pl.male) },
    cs: { female: skewedPicker(FIRST_NAMES.cs.female), male: skewedPicker(FIRST_NAMES.cs.male) },
  };
  const now = Date.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  let chunk: string[] = [];
  for (const plan of plans) {
    const knownEvery = Math.max(10, Math.floor(plan.clients / 1_000));
    for (let i = 0; i < plan.clients; i++) {
      const language: Language = random() < plan.czech ? 'cs' : 'pl';
      const female = random() < 0.52;
      // A quarter from the long tail of rare surnames (Polish ones), the rest skewed.
      const surname: Surname =
        language === 'pl' && random() < 0.25
          ? TAIL_SURNAMES[Math.floor(random() * TAIL_SURNAMES.length)]!
          : pickSurname[language](random);
      const lastName = female ? surname.female : surname.male;
      const firstName = pickFirst[language][female ? 'female' : 'male'](random);
      const id = randomUUID();
      const status = pickStatus(random);
      const anonymised = status === 'anonymised';
      const createdAt = now - Math.floor(random() * 6 * 365 * DAY_MS);
      const hasEmail = !anonymised && (status !== 'counter_only' || random() < 0.3);
      const email = hasEmail ? `${asciiFold(firstName)}.${asciiFold(lastName)}.${i + 1}@example.test` : null;
      // Logins as counters issue them ("sm-1042"), for about one client in eight.
      const login = !anonymised && random() < 0.12 ? `${plan.loginPrefix}-${i + 1}` : null;
      let pesel: string | null = null;
      if (!anonymised && random() < 0.85) {
        const birth = new Date(Date.UTC(1935, 0, 1) + (i % BIRTH_DAYS) * DAY_MS);
        pesel = makePesel({
          year: birth.getUTCFullYear(),
          month: birth.getUTCMonth() + 1,
          day: birth.getUTCDate(),
          serial: Math.floor(i / BIRTH_DAYS) * 10,
          sex: female ? 'female' : 'male',
        });
      }
      const isKnown = plan.lookedUp && i % knownEvery === 5 && status === 'active' && email && pesel;
      if (isKnown) {
        known.push({ firstName, lastName, email, login: login ?? `${plan.loginPrefix}-known-${i + 1}`, pesel });
      }
      const row = [
        plan.id,
        id,
        csv(anonymised ? 'Anonimizowany' : firstName),
        csv(anonymised ? 'Anonimizowany' : lastName),
        csv(email),
        csv(isKnown ? known.at(-1)!.login : login),
        hex(pesel ? nationalIds.seal(pesel, nationalIdContext(plan.id, id)) : null),
        hex(pesel ? nationalIds.blindIndex(plan.id, pesel) : null),
        language,
        status,
        ['active', 'issued', 'locked', 'deactivated'].includes(status) ? csv(passwordHash) : '',
        status === 'pending_activation' ? iso(now + 2 * DAY_MS) : '',
        iso(createdAt),
        ['active', 'locked', 'deactivated', 'closing'].includes(status) ? iso(createdAt + DAY_MS) : '',
        status === 'issued' ? iso(now + 7 * DAY_MS) : '',
        status === 'closing' || anonymised ? iso(now - 30 * DAY_MS) : '',
      ];
      chunk.push(row.join(','));
      // A fifth of the active clients signed in some time in the last year; the known ones
      // three times, so their result lines show the last of several.
      if (status === 'active' && (isKnown || random() < 0.2)) {
        for (let n = isKnown ? 3 : 1; n > 0; n--) {
          events.push({ tenantId: plan.id, clientId: id, at: new Date(now - Math.floor(random() * 365 * DAY_MS)) });
        }
      }
      if (chunk.length === ROWS_PER_CHUNK) {
        yield `${chunk.join('\n')}\n`;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}

function* eventRows(events: { tenantId: string; clientId: string; at: Date }[]): Generator<string> {
  for (let start = 0; start < events.length; start += ROWS_PER_CHUNK) {
    yield events
      .slice(start, start + ROWS_PER_CHUNK)
      .map((e) => `${e.tenantId},${e.clientId},${e.at.toISOString()},success,198.51.100.7,"Mozilla/5.0 (bench)"\n`)
      .join('');
  }
}

/** The 100 small tenants, copies of the bench tenant's settings (every third of the Czech demo office's). */
async function createSmallTenants(client: pg.Client): Promise<{ id: string; czech: boolean }[]> {
  const { rows } = await client.query<{ id: string; czech: boolean }>(
    `INSERT INTO tenants (slug, name, kind, modules, default_locale, time_zone, branding, contact, settings)
     SELECT 'bench-search-' || n, t.name || ' (bench ' || n || ')', t.kind, t.modules, t.default_locale,
            t.time_zone, t.branding, t.contact, t.settings
       FROM generate_series(1, $1::int) AS n
       JOIN tenants t ON t.slug = CASE WHEN n % 3 = 0 THEN 'mesto-lipnik' ELSE 'mosir-zielonka' END
     RETURNING id, default_locale = 'cs' AS czech`,
    [SMALL_TENANTS],
  );
  return rows;
}

export async function seedSearchDataset({ adminUrl, slug, clients, dataKey }: SeedOptions): Promise<SearchDataset> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'okienko bench search seed' });
  await client.connect();
  try {
    const [tenant] = (await client.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug])).rows;
    if (!tenant) throw new Error(`no tenant ${slug} to seed`);
    const small = await createSmallTenants(client);
    const random = seededRandom(7);
    const plans: TenantPlan[] = [
      { id: tenant.id, clients, czech: 0.15, loginPrefix: 'ms', lookedUp: true },
      ...small.map((t, n) => ({
        id: t.id,
        clients: 100 + Math.floor(random() * 901),
        czech: t.czech ? 0.9 : 0.05,
        loginPrefix: `t${n + 1}`,
        lookedUp: false,
      })),
    ];
    const passwordHash = await hashPassword(`Bench-Search-${randomUUID()}`);
    await client.query("SET maintenance_work_mem = '256MB'");
    const started = performance.now();
    const definitions = await dropSecondaryIndexes(client, 'clients');
    const known: KnownClient[] = [];
    const events: { tenantId: string; clientId: string; at: Date }[] = [];
    const copied = await copyIn(
      client,
      `COPY clients (${CLIENT_COLUMNS}) FROM STDIN WITH (FORMAT csv)`,
      clientRows(plans, dataKey, passwordHash, known, events),
    );
    await copyIn(
      client,
      'COPY sign_in_events (tenant_id, client_id, occurred_at, outcome, ip, user_agent) FROM STDIN WITH (FORMAT csv)',
      eventRows(events),
    );
    const copiedAt = performance.now();
    for (const definition of definitions) await client.query(definition);
    const indexedAt = performance.now();
    await client.query('VACUUM (ANALYZE) clients');
    await client.query('VACUUM (ANALYZE) sign_in_events');
    const seconds = (from: number, to: number) => (to - from) / 1000;
    return {
      tenantId: tenant.id,
      clients,
      smallTenantClients: copied - clients,
      signInEvents: events.length,
      known,
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
