// Staff sign-ins through the real forms (issue #18), as a browser makes them: GET
// /{slug}/admin/sign-in for the CSRF cookie and token, POST the e-mail and password (a 303 to
// the code page, with the half-done staff session), GET the code page it leads to, POST the
// TOTP code of the current step. It counts only as a 303 to /{slug}/admin/ that sets a new staff
// session cookie.
//
// The bench staff are active members at the bench tenant, as the demo seeds make them: one
// password hashed by the portal's hashPassword for all, and a TOTP secret each, sealed under the
// portal's DATA_KEY. A code is accepted once per member and step (a replay is refused), so the
// browsers take the members in turn and skip any already signed in during the current 30-s
// step; there are enough of them that this never runs dry (if it does, the sign-in fails and
// says so). Unlike the clients' limits, the staff's per-IP and per-e-mail limits count every
// POST, successes too: each sign-in comes from an address of its own, and no member signs in
// more than once per step (at most ten times in the limit's 15 minutes).
import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { csrfCookieName } from '../src/platform/http/csrf.ts';
import { sessionCookieName } from '../src/platform/sessions/tenant-sessions.ts';
import { hashPassword } from '../src/platform/crypto/password-hash.ts';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { newTotpSecret, totpAt, totpStep, TOTP_PERIOD_SECONDS } from '../src/platform/crypto/totp.ts';
import { insertStaffMember, totpSecretContext } from '../src/features/staff/index.ts';
import { atBenchTenant, browserAddress, browsersSigningIn, cookieOf, request, type SignInRun } from './sign-ins.ts';

/** Members of staff the browsers take in turn: more than sign in during one 30-s step. */
export const BENCH_STAFF = 1_500;

export interface BenchStaffMember {
  id: string;
  email: string;
  name: string;
  /** Base32, as the authenticator app holds it. */
  totpSecret: string;
}

export interface BenchStaff {
  members: BenchStaffMember[];
  password: string;
  /** The hash every bench member has, for the bare baseline to verify. */
  hash: string;
}

/** `count` active members of staff at the tenant, clerks and managers in turn, enrolled in TOTP. */
export function createBenchStaff(appUrl: string, slug: string, count: number, dataKey: Buffer): Promise<BenchStaff> {
  return atBenchTenant(appUrl, slug, async (db, tenant) => {
    const password = `Bench-Staff-${randomBytes(9).toString('base64url')}-7`;
    const passwordHash = await hashPassword(password);
    const box = createSealedBox(dataKey);
    const createdAt = new Date();
    const members = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      email: `bench.staff.${i + 1}@example.test`,
      name: `Bench Staff ${i + 1}`,
      totpSecret: newTotpSecret(),
    }));
    await withTenant(db, tenant.id, async (trx) => {
      for (const [i, member] of members.entries()) {
        const totpSecretSealed = box.seal(member.totpSecret, totpSecretContext(tenant.id, member.id));
        const role = i % 2 === 0 ? 'clerk' : 'manager';
        await insertStaffMember(trx, { ...member, role, createdAt }, { passwordHash, totpSecretSealed });
      }
    });
    return { members, password, hash: passwordHash };
  });
}

export interface StaffSignInLoad {
  kind: 'staff';
  origin: string;
  slug: string;
  staff: BenchStaff;
  browsers: number;
  seconds: number;
}

/** A member and the code their app shows now, of a step in which they have not signed in yet. */
interface Turn {
  member: BenchStaffMember;
  code: string;
}

/**
 * The members in turn, each at most once per step: the last step each signed in at, kept for
 * the thread's life (the browsers' worker runs every staff load), so the rounds share it.
 */
const lastSteps = new Map<string, number>();
let nextMember = Math.floor(Math.random() * BENCH_STAFF);
/** Every staff sign-in comes from an address of its own, after the client browsers' few. */
let nextAddress = 1_000;

function takeTurn(members: BenchStaffMember[]): Turn | undefined {
  const now = new Date();
  const step = totpStep(now);
  for (let tried = 0; tried < members.length; tried++) {
    const member = members[nextMember++ % members.length]!;
    if ((lastSteps.get(member.id) ?? -1) < step) {
      lastSteps.set(member.id, step);
      return { member, code: totpAt(member.totpSecret, now) };
    }
  }
  return undefined;
}

/** One staff sign-in over the browser's agent; undefined when it worked, else what went wrong. */
export async function staffSignInOnce(
  origin: string,
  slug: string,
  { member, code }: Turn,
  password: string,
  ip: string,
  agent: http.Agent,
): Promise<string | undefined> {
  const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-for': ip };
  const formUrl = `${origin}/${slug}/admin/sign-in`;
  const form = await request(agent, formUrl, { headers: proxied });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const csrfCookie = cookieOf(form.headers['set-cookie'], csrfCookieName({ slug }, true));
  if (form.status !== 200 || !token || !csrfCookie) return `GET admin/sign-in: ${form.status}, no CSRF token or cookie`;
  const post = (url: string, fields: Record<string, string>, cookie: string) =>
    request(
      agent,
      url,
      { method: 'POST', headers: { ...proxied, 'content-type': 'application/x-www-form-urlencoded', cookie } },
      new URLSearchParams({ _csrf: token, ...fields }).toString(),
    );
  const staffCookie = sessionCookieName({ slug }, 'staff', true);
  const codePath = `/${slug}/admin/sign-in/code`;
  const passwordAnswer = await post(formUrl, { email: member.email, password }, csrfCookie);
  const pending = cookieOf(passwordAnswer.headers['set-cookie'], staffCookie);
  if (passwordAnswer.status !== 303 || passwordAnswer.headers.location !== codePath || !pending)
    return `POST admin/sign-in: ${passwordAnswer.status} → ${passwordAnswer.headers.location ?? 'nowhere'}`;
  // The half-done session has no `auth`, so the CSRF token of the first form still holds.
  const cookie = `${pending}; ${csrfCookie}`;
  const codePage = await request(agent, `${origin}${codePath}`, { headers: { ...proxied, cookie } });
  if (codePage.status !== 200 || !codePage.body.includes('name="code"')) return `GET ${codePath}: ${codePage.status}`;
  const answer = await post(`${origin}${codePath}`, { code }, cookie);
  const session = cookieOf(answer.headers['set-cookie'], staffCookie);
  if (answer.status !== 303 || answer.headers.location !== `/${slug}/admin/` || !session || session === pending)
    return `POST ${codePath}: ${answer.status} → ${answer.headers.location ?? 'nowhere'}${session ? '' : ', no new session'}`;
  return undefined;
}

/** Browsers signing the bench staff in, one after another, each sign-in from an address of its own. */
export function staffSignInLoad({ origin, slug, staff, browsers, seconds }: StaffSignInLoad): Promise<SignInRun> {
  return browsersSigningIn(browsers, seconds, async (agent) => {
    const turn = takeTurn(staff.members);
    if (!turn) {
      // Every member has signed in during this step: a failure, which fails the verdict.
      await sleep(100);
      return `all ${staff.members.length} bench staff signed in within one ${TOTP_PERIOD_SECONDS}-s step: more are needed`;
    }
    return staffSignInOnce(origin, slug, turn, staff.password, browserAddress(nextAddress++), agent);
  });
}
