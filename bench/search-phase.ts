// The counter's search at a million clients (issue #19; opt-in: BENCH_ONLY=search, or
// BENCH_LARGE=1 in a full run). The dataset is seeded (search-dataset.ts), then signed-in clerks
// search through the real page of a portal started as production runs it: each POSTs the form
// (its CSRF token read from GET /{slug}/admin/clients), one at a time by default, each taking
// the next search as soon as its answer is in (a closed loop: latencies are what a clerk waits).
// One, because clerks search once in a while, not back to back: with no pause between searches
// every further connection is a queue on the two cores, and measures throughput, not what a
// clerk waits (bench/README.md has a run of each).
// Every answer is judged (search-requests.ts). Then the plans the search's SQL gets at this size
// (search-plans.ts), so a missed target says where the time goes.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { newTotpSecret } from '../src/platform/crypto/totp.ts';
import { withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { insertStaffMember, totpSecretContext } from '../src/features/staff/index.ts';
import type { BenchOptions } from './options.ts';
import { percentile } from './paced.ts';
import type { Server } from './processes.ts';
import { formatInt, table } from './report.ts';
import { seedSearchDataset, SMALL_TENANTS, type SearchDataset } from './search-dataset.ts';
import { explainSearches } from './search-plans.ts';
import {
  CLASS_OF,
  TYPO_CANDIDATES,
  judge,
  nextAfter,
  searchMix,
  type SearchClass,
  type SearchKind,
  type SearchRequest,
} from './search-requests.ts';
import { mintSessions } from './sessions.ts';
import { atBenchTenant, cookieOf, request } from './sign-ins.ts';
import { csrfCookieName } from '../src/platform/http/csrf.ts';
import { TENANT } from './targets.ts';

/**
 * Clerks signed in, taken in turn: each may search 60 times a minute (clientSearchesPerStaff),
 * so 250 of them keep every clerk far below it for runs of several thousand searches.
 */
const CLERKS = 250;
const WARM_UP_SEARCHES = 200;
/** The warm-up ends after this many seconds even if its searches have not all been made. */
const WARM_UP_SECONDS = 15;

export interface SearchFigures {
  dataset: SearchDataset;
  /** Sorted latencies in ms, per kind and per class. */
  byKind: Map<SearchKind, number[]>;
  byClass: Record<SearchClass, number[]>;
  failures: number;
  firstFailure: string | undefined;
  seconds: number;
}

export interface SearchPhase {
  options: BenchOptions;
  startPortal: () => Promise<Server>;
  adminUrl: string;
  appUrl: string;
  sessionSecret: string;
  dataKey: Buffer;
  say: (line: string) => void;
}

interface Clerk {
  cookie: string;
  token: string;
}

/** Active clerks at the bench tenant, enrolled as the staff bench's members are (staff-sign-ins.ts). */
function createClerks(appUrl: string, dataKey: Buffer): Promise<{ id: string; name: string }[]> {
  return atBenchTenant(appUrl, TENANT, async (db, tenant) => {
    const box = createSealedBox(dataKey);
    const createdAt = new Date();
    const clerks = Array.from({ length: CLERKS }, (_, i) => ({ id: randomUUID(), name: `Bench Clerk ${i + 1}` }));
    await withTenant(db, tenant.id, async (trx) => {
      for (const [i, clerk] of clerks.entries()) {
        const totpSecretSealed = box.seal(newTotpSecret(), totpSecretContext(tenant.id, clerk.id));
        const member = { ...clerk, email: `bench.clerk.${i + 1}@example.test`, role: 'clerk' as const, createdAt };
        // Nobody signs in with it: any argon2id string will do.
        await insertStaffMember(trx, member, { passwordHash: `$argon2id$bench-clerk`, totpSecretSealed });
      }
    });
    return clerks;
  });
}

const PROXIED = { 'x-forwarded-proto': 'https' };
const searchPath = `/${TENANT}/admin/clients`;

/** Each clerk's search page, read once for its CSRF token (and any cookie it renews). */
async function openSearchPages(origin: string, cookies: string[]): Promise<Clerk[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const csrfName = csrfCookieName({ slug: TENANT }, true);
  try {
    return await Promise.all(
      cookies.map(async (cookie) => {
        const page = await request(agent, `${origin}${searchPath}`, { headers: { ...PROXIED, cookie } });
        const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        if (page.status !== 200 || !token) {
          throw new Error(
            `GET ${searchPath}: ${page.status}, ${token ? '' : 'no CSRF token; '}${page.body.slice(0, 200)}`,
          );
        }
        const renewed = cookieOf(page.headers['set-cookie'], csrfName);
        const kept = cookie.split('; ').filter((part) => !part.startsWith(`${csrfName}=`));
        return { cookie: renewed ? [...kept, renewed].join('; ') : cookie, token };
      }),
    );
  } finally {
    agent.destroy();
  }
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

async function post(agent: http.Agent, origin: string, clerk: Clerk, q: string, after?: string): Promise<Answer> {
  const body = new URLSearchParams({ _csrf: clerk.token, q, ...(after ? { after } : {}) }).toString();
  const headers = { ...PROXIED, cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' };
  const began = performance.now();
  const answer = await request(agent, `${origin}${searchPath}`, { method: 'POST', headers }, body);
  return { status: answer.status, body: answer.body, ms: performance.now() - began };
}

interface Timed {
  kind: SearchKind;
  ms: number;
}

/**
 * One search as a clerk makes it; its timings (two for a second page: the first page, as a
 * surname search, then the second). Throws with what was wrong with an answer.
 */
async function search(agent: http.Agent, origin: string, clerk: Clerk, req: SearchRequest): Promise<Timed[]> {
  const first = await post(agent, origin, clerk, req.q);
  const wrong = judge(req, first.status, first.body);
  if (wrong) throw new Error(wrong);
  if (!req.secondPage) return [{ kind: req.kind, ms: first.ms }];
  const after = nextAfter(first.body);
  if (!after) throw new Error(`page 2 "${req.q}": the first page has no "Show more results"`);
  const second = await post(agent, origin, clerk, req.q, after);
  const wrongSecond = judge(req, second.status, second.body);
  if (wrongSecond) throw new Error(wrongSecond);
  if (second.body.includes(`/admin/clients/${after}"`))
    throw new Error(`page 2 "${req.q}" repeats the first page's last`);
  return [
    { kind: 'surname', ms: first.ms },
    { kind: 'page 2', ms: second.ms },
  ];
}

/** The searches over `connections` kept-alive connections, clerks in turn, none started after `seconds`. */
async function runSearches(
  origin: string,
  clerks: Clerk[],
  requests: SearchRequest[],
  connections: number,
  seconds: number,
) {
  const timings: Timed[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        while (next < requests.length && performance.now() < deadline) {
          const index = next++;
          try {
            timings.push(...(await search(agent, origin, clerks[index % clerks.length]!, requests[index]!)));
          } catch (error) {
            failures.push((error as Error).message);
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { timings, failures, made: next, seconds: (performance.now() - started) / 1000 };
}

/** The typos that do fall back to similar names on this dataset (at least three, or the bench fails). */
async function workingTypos(origin: string, clerk: Clerk): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const typos: string[] = [];
    const refused: string[] = [];
    for (const q of TYPO_CANDIDATES) {
      const answer = await post(agent, origin, clerk, q);
      const wrong = judge({ kind: 'typo (similar)', q, table: 'similar' }, answer.status, answer.body);
      if (wrong) refused.push(wrong);
      else typos.push(q);
    }
    if (typos.length < 3) {
      throw new Error(`only ${typos.length} of the typos fall back to similar names; the first other: ${refused[0]}`);
    }
    return typos;
  } finally {
    agent.destroy();
  }
}

export async function searchPhase(phase: SearchPhase): Promise<{ figures: SearchFigures; output: string }> {
  const { options, say } = phase;
  say(
    `\nCounter search: seeding ${formatInt(options.searchClients)} clients at ${TENANT} and ` +
      `${SMALL_TENANTS} small tenants (COPY)…`,
  );
  const dataset = await seedSearchDataset({
    adminUrl: phase.adminUrl,
    slug: TENANT,
    clients: options.searchClients,
    dataKey: phase.dataKey,
  });
  const { copy, indexes, vacuum } = dataset.seconds;
  say(
    `seeded ${formatInt(dataset.clients)} + ${formatInt(dataset.smallTenantClients)} clients and ` +
      `${formatInt(dataset.signInEvents)} sign-in events: COPY ${copy.toFixed(0)} s, indexes ${indexes.toFixed(0)} s, ` +
      `VACUUM ANALYZE ${vacuum.toFixed(0)} s; ${dataset.known.length} clients to look up`,
  );
  const clerks = await createClerks(phase.appUrl, phase.dataKey);
  const cookies = await mintSessions({
    appUrl: phase.appUrl,
    slug: TENANT,
    count: clerks.length,
    sessionSecret: phase.sessionSecret,
    secure: true,
    users: clerks.map(({ id, name }) => ({ id, name, kind: 'staff' })),
  });
  const portal = await phase.startPortal();
  try {
    const signedIn = await openSearchPages(portal.origin, cookies);
    const typos = await workingTypos(portal.origin, signedIn[0]!);
    const warmUp = searchMix(dataset.known, typos, WARM_UP_SEARCHES, 1);
    const warm = await runSearches(portal.origin, signedIn, warmUp, options.searchConnections, WARM_UP_SECONDS);
    if (warm.failures.length > 0) throw new Error(`a warm-up search failed: ${warm.failures[0]}`);
    const requests = searchMix(dataset.known, typos, options.searchRequests, 2);
    say(
      `${formatInt(requests.length)} searches by ${CLERKS} signed-in clerks over ${options.searchConnections} connection(s) ` +
        `(after ${warm.made} unmeasured), for at most ${options.searchSeconds} s; typos that fall back to ` +
        `similar names: ${typos.join(', ')}`,
    );
    const run = await runSearches(portal.origin, signedIn, requests, options.searchConnections, options.searchSeconds);
    if (run.made < requests.length) say(`time ran out after ${formatInt(run.made)} of the searches`);
    const byKind = new Map<SearchKind, number[]>();
    const byClass: Record<SearchClass, number[]> = { name: [], identifier: [] };
    for (const { kind, ms } of run.timings) {
      if (!byKind.has(kind)) byKind.set(kind, []);
      byKind.get(kind)!.push(ms);
      byClass[CLASS_OF[kind]].push(ms);
    }
    for (const list of [...byKind.values(), ...Object.values(byClass)]) list.sort((a, b) => a - b);
    const figures: SearchFigures = {
      dataset,
      byKind,
      byClass,
      failures: run.failures.length,
      firstFailure: run.failures[0],
      seconds: run.seconds,
    };
    say(latencyTable(figures));
    say(`(${formatInt(run.timings.length / run.seconds)} searches/s; ms from the POST to the last byte of the page)`);
    await portal.stop();
    say(
      await explainSearches({
        appUrl: phase.appUrl,
        dataKey: phase.dataKey,
        clerkId: clerks[0]!.id,
        known: dataset.known,
        typo: typos[0]!,
      }),
    );
    return { figures, output: portal.output() };
  } catch (error) {
    // A 500 says nothing by itself: the portal's first error line says why.
    const logged = portal
      .output()
      .split('\n')
      .find((line) => /"level":[56]0/.test(line));
    throw new Error(`${(error as Error).message}${logged ? `\nthe portal logged: ${logged.slice(0, 2000)}` : ''}`, {
      cause: error,
    });
  } finally {
    await portal.stop();
  }
}

function latencyTable(figures: SearchFigures): string {
  const row = (name: string, sorted: number[]) => [
    name,
    formatInt(sorted.length),
    ...[50, 95, 99].map((p) => percentile(sorted, p).toFixed(1)),
    (sorted.at(-1) ?? Number.NaN).toFixed(1),
  ];
  const rows = [
    ...[...figures.byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, sorted]) => row(`  ${kind}`, sorted)),
    row('name searches', figures.byClass.name),
    row('PESEL / e-mail / login', figures.byClass.identifier),
  ];
  return table(['search', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows, [
    false,
    true,
    true,
    true,
    true,
    true,
  ]);
}
