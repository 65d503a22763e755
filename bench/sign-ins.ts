// Sign-ins through the real form, as browsers make them: GET /{slug}/sign-in for the CSRF
// cookie and token, then POST the form with the right password. Every answer is checked: a
// sign-in counts only as a 303 to the dashboard that sets the tenant's session cookie.
//
// The bench clients are active accounts at the bench tenant, made here with the portal's own
// hashPassword (argon2id at PASSWORD_HASH_PARAMS). Only right passwords are sent, so neither
// the per-account lockout nor the per-IP limit (both keep only failures) comes into play: the
// browsers take the accounts in turn, so no account is signed into twice at once, and each
// browser has an address of its own, so no address has more than one attempt under way.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Knex } from 'knex';
import { createDatabase, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../src/platform/tenancy/tenant-registry.ts';
import { csrfCookieName } from '../src/platform/http/csrf.ts';
import { sessionCookieName } from '../src/platform/sessions/tenant-sessions.ts';
import { hashPassword } from '../src/platform/crypto/password-hash.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Tenant } from '../src/platform/tenancy/tenant.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';

/** Accounts the sign-in browsers take in turn: far more than are ever signed into at once. */
export const SIGN_IN_CLIENTS = 200;

export interface BenchClients {
  identifiers: string[];
  password: string;
  /** The hash every bench client has, for the bare baseline to verify. */
  hash: string;
}

/**
 * `make` run with the app role's database and the tenant (by its slug, as the registry loads it),
 * for seeding bench accounts; both closed after.
 */
export async function atBenchTenant<T>(
  appUrl: string,
  slug: string,
  make: (db: Knex, tenant: Tenant) => Promise<T>,
): Promise<T> {
  const db = createDatabase({ url: appUrl, poolMax: 2, applicationName: 'okienko bench accounts' });
  const registry = new TenantRegistry(db, createLogger('warn'), TENANT_SETTINGS);
  try {
    await registry.reload();
    const tenant = registry.findBySlug(slug);
    if (!tenant) throw new Error(`no tenant ${slug} to make bench accounts at`);
    return await make(db, tenant);
  } finally {
    await registry.close();
    await db.destroy();
  }
}

/** `count` active clients at the tenant, all with one password hashed by the portal's hashPassword. */
export function createBenchClients(appUrl: string, slug: string, count: number): Promise<BenchClients> {
  return atBenchTenant(appUrl, slug, async (db, tenant) => {
    // Long enough for the strictest demo policy; what matters is the hash, not the policy.
    const password = `Bench-${randomBytes(9).toString('base64url')}-7`;
    const hash = await hashPassword(password);
    const now = new Date();
    const identifiers = Array.from({ length: count }, (_, i) => `bench.sign-in.${i + 1}@example.test`);
    await withTenant(db, tenant.id, (trx) =>
      trx('clients').insert(
        identifiers.map((email, i) => ({
          first_name: 'Bench',
          last_name: `Signer ${i + 1}`,
          email,
          preferred_locale: 'pl',
          status: 'active',
          password_hash: hash,
          created_at: now,
          activated_at: now,
        })),
      ),
    );
    return { identifiers, password, hash };
  });
}

export interface SignInRun {
  signIns: number;
  failures: number;
  /** What the first failure was, for the report. */
  firstFailure: string | undefined;
  ms: number;
  /** Milliseconds from the GET of the form to the answer to the POST, one per sign-in. */
  latencies: number[];
}

export interface SignInLoad {
  kind?: 'client';
  origin: string;
  slug: string;
  clients: BenchClients;
  browsers: number;
  seconds: number;
}

/**
 * Each browser signs in from an address of its own, the index-th of 198.18.0.0/15 (set aside
 * for benchmarks; 128,000 of them, 250 to each /24, then round again).
 */
export const browserAddress = (index: number): string => {
  const net = Math.floor(index / 250) % 512;
  return `198.${18 + Math.floor(net / 256)}.${net % 256}.${(index % 250) + 1}`;
};

export const cookieOf = (setCookies: string[] | undefined, name: string): string | undefined =>
  setCookies?.find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0];

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request over the browser's own kept-alive connection. node:http rather than fetch: the
 * browsers share the machine with the portal, and fetch costs several times the CPU.
 */
export function request(agent: http.Agent, url: string, options: http.RequestOptions, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { ...options, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One browser's sign-in; returns undefined when it worked, else what went wrong. */
export async function signInOnce(
  origin: string,
  slug: string,
  identifier: string,
  password: string,
  ip: string,
  agent: http.Agent = new http.Agent({ keepAlive: false }),
): Promise<string | undefined> {
  // What the TLS proxy in front of the portal tells it (the bench portal trusts loopback): the
  // browser's address, and that it came over https.
  const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-for': ip };
  const url = `${origin}/${slug}/sign-in`;
  const form = await request(agent, url, { headers: proxied });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const csrfCookie = cookieOf(form.headers['set-cookie'], csrfCookieName({ slug }, true));
  if (form.status !== 200 || !token || !csrfCookie) return `GET sign-in: ${form.status}, no CSRF token or cookie`;
  const body = new URLSearchParams({ _csrf: token, identifier, password }).toString();
  const headers = { ...proxied, 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie };
  const answer = await request(agent, url, { method: 'POST', headers }, body);
  const location = answer.headers.location;
  const session = cookieOf(answer.headers['set-cookie'], sessionCookieName({ slug }, 'client', true));
  if (answer.status !== 303 || location !== `/${slug}/account` || !session?.includes('=s%3A'))
    return `POST sign-in: ${answer.status} → ${location ?? 'nowhere'}${session ? '' : ', no session cookie'}`;
  return undefined;
}

/** One browser's sign-in over its agent; undefined when it worked, else what went wrong. */
export type SignInAttempt = (agent: http.Agent, browser: number) => Promise<string | undefined>;

/**
 * `browsers` browsers signing in one after another for `seconds`; the sign-ins under way at
 * the deadline finish and count, and the time runs until the last one has.
 */
export async function browsersSigningIn(browsers: number, seconds: number, attempt: SignInAttempt): Promise<SignInRun> {
  const run: SignInRun = { signIns: 0, failures: 0, firstFailure: undefined, ms: 0, latencies: [] };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const browser = async (index: number): Promise<void> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (performance.now() < deadline) {
      const began = performance.now();
      const failure = await attempt(agent, index).catch((error: unknown) => `${(error as Error).message}`);
      if (failure === undefined) {
        run.signIns += 1;
        run.latencies.push(performance.now() - began);
      } else {
        run.failures += 1;
        run.firstFailure ??= failure;
      }
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: browsers }, (_, index) => browser(index)));
  run.ms = performance.now() - started;
  return run;
}

/** The bench clients signing in, each browser from its own address, taking the accounts in turn. */
export function signInLoad({ origin, slug, clients, browsers, seconds }: SignInLoad): Promise<SignInRun> {
  let next = Math.floor(Math.random() * clients.identifiers.length);
  return browsersSigningIn(browsers, seconds, (agent, index) => {
    const identifier = clients.identifiers[next++ % clients.identifiers.length]!;
    return signInOnce(origin, slug, identifier, clients.password, browserAddress(index), agent);
  });
}
