// What `npm run bench` does and for how long, read from the environment (bench/README.md).
// The full run takes about seven minutes; BENCH_QUICK=1 is a smoke run of about a minute and a half.
import { defaultPasswordHashConcurrency } from '../src/platform/crypto/password-hash.ts';

export interface BenchOptions {
  quick: boolean;
  /** Seconds per measured run (one target, one round). */
  duration: number;
  rounds: number;
  /** Seconds of unmeasured load per target before the rounds. */
  warmup: number;
  connections: number;
  /** Signed-in sessions minted and cycled through by the signed-in target. */
  sessions: number;
  /** Seconds of anonymous page views whose database writes are counted. */
  anonymousDuration: number;
  /** Seconds of load on the CPU-profiled portal (run only when a target is missed, or BENCH_PROFILE=1). */
  profileDuration: number;
  alwaysProfile: boolean;
  /** Connections in each server's pool, the portal's DATABASE_POOL_MAX and the Fortunes pool alike. */
  poolMax: number;
  /** A superuser URL; unset: the machine's PostgreSQL if it answers, else an embedded server. */
  databaseUrl: string | undefined;
  /** Use an embedded server even when the machine's PostgreSQL answers. */
  embedded: boolean;
  /** Interleaved rounds of the sign-in runs (sign-ins vs the bare verify loop; page p99 alone vs with sign-ins). */
  signInRounds: number;
  /** Seconds per sign-in run and per p99 run. */
  signInDuration: number;
  /** Browsers signing in at once: enough that the portal's verification queue never runs dry. */
  signInBrowsers: number;
  /** The signed-in page's fixed rate in the p99 runs, as a share of its measured throughput. */
  pacedShare: number;
  /** BENCH_ONLY=pages, sign-ins, staff, mail, search, ledger or citus runs one part; unset runs all. */
  only: 'pages' | 'sign-ins' | 'staff' | 'mail' | 'search' | 'ledger' | 'citus' | undefined;
  /** The counter's search at a million clients (BENCH_LARGE=1 in a full run, or BENCH_ONLY=search). */
  search: boolean;
  /** The ledger at ten million entries (BENCH_LARGE=1 in a full run, or BENCH_ONLY=ledger). */
  ledger: boolean;
  /** Entries seeded over 100 tenants for the ledger part. */
  ledgerEntries: number;
  /** Balances asked for, one after another. */
  ledgerQueries: number;
  /** Payment notifications posted in the ledger part, and over how many connections. */
  notifications: number;
  notificationConnections: number;
  /** Clients seeded at the bench tenant for the search part. */
  searchClients: number;
  /** Searches measured, unless searchSeconds runs out first. */
  searchRequests: number;
  /** Seconds after which no further search is started (a slow search must not make the part take an hour). */
  searchSeconds: number;
  /** Clerks searching at once, each the moment the last answer is in. */
  searchConnections: number;
  /** The signed-in page and sign-ins on a three-node Citus cluster beside one PostgreSQL (BENCH_CITUS=1, or BENCH_ONLY=citus). */
  citus: boolean;
}

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

const flag = (name: string): boolean => ['1', 'true', 'yes'].includes(process.env[name]?.trim().toLowerCase() ?? '');

function onlyFrom(value: string | undefined): BenchOptions['only'] {
  if (!value) return undefined;
  const parts = ['pages', 'sign-ins', 'staff', 'mail', 'search', 'ledger', 'citus'] as const;
  const part = parts.find((name) => name === value);
  if (part) return part;
  throw new Error(`BENCH_ONLY must be one of ${parts.map((name) => `"${name}"`).join(', ')}, not "${value}"`);
}

export function benchOptions(): BenchOptions {
  const quick = flag('BENCH_QUICK');
  const only = onlyFrom(process.env.BENCH_ONLY?.trim());
  return {
    quick,
    duration: numberFrom('BENCH_DURATION', quick ? 1.5 : 5),
    rounds: Math.round(numberFrom('BENCH_ROUNDS', quick ? 3 : 6)),
    warmup: numberFrom('BENCH_WARMUP', quick ? 1 : 3),
    connections: Math.round(numberFrom('BENCH_CONNECTIONS', 32)),
    sessions: Math.round(numberFrom('BENCH_SESSIONS', quick ? 100 : 1000)),
    anonymousDuration: numberFrom('BENCH_ANONYMOUS_DURATION', quick ? 2 : 8),
    profileDuration: numberFrom('BENCH_PROFILE_DURATION', quick ? 3 : 8),
    alwaysProfile: flag('BENCH_PROFILE'),
    poolMax: Math.round(numberFrom('BENCH_POOL_MAX', 10)),
    databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || undefined,
    embedded: flag('BENCH_EMBEDDED'),
    signInRounds: Math.round(numberFrom('BENCH_SIGN_IN_ROUNDS', quick ? 2 : 4)),
    signInDuration: numberFrom('BENCH_SIGN_IN_DURATION', quick ? 2 : 5),
    signInBrowsers: Math.round(numberFrom('BENCH_SIGN_IN_BROWSERS', Math.max(8, 4 * defaultPasswordHashConcurrency()))),
    pacedShare: numberFrom('BENCH_PACED_SHARE', 0.25),
    only,
    citus: only === 'citus' || (flag('BENCH_CITUS') && only === undefined),
    search: only === 'search' || (flag('BENCH_LARGE') && only === undefined),
    ledger: only === 'ledger' || (flag('BENCH_LARGE') && only === undefined),
    ledgerEntries: Math.round(numberFrom('BENCH_LEDGER_ENTRIES', 10_000_000)),
    ledgerQueries: Math.round(numberFrom('BENCH_LEDGER_QUERIES', 5_000)),
    notifications: Math.round(numberFrom('BENCH_NOTIFICATIONS', 3_000)),
    notificationConnections: Math.max(1, Math.round(numberFrom('BENCH_NOTIFICATION_CONNECTIONS', 8))),
    searchClients: Math.round(numberFrom('BENCH_SEARCH_CLIENTS', 1_000_000)),
    searchRequests: Math.round(numberFrom('BENCH_SEARCH_REQUESTS', 5_000)),
    searchSeconds: numberFrom('BENCH_SEARCH_SECONDS', 90),
    searchConnections: Math.max(1, Math.round(numberFrom('BENCH_SEARCH_CONNECTIONS', 1))),
  };
}
