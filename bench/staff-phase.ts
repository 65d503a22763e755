// Staff (issue #18), in a portal of its own after the client sign-ins (signing in writes):
//  1. staff sign-ins per second through the real forms (password, then a TOTP code) beside the
//     bare argon2id verify loop, as the client sign-ins are measured (sign-in-phase.ts);
//  2. the p99 of the staff dashboard at a fixed moderate rate, behind minted staff sessions,
//     alone and while clients sign in at full rate beside it (paced-beside.ts).
import type { BenchOptions } from './options.ts';
import { pacedAloneAndBeside, type PacedFigures } from './paced-beside.ts';
import type { Server } from './processes.ts';
import { expectPage } from './targets.ts';
import { mintSessions } from './sessions.ts';
import { startSignInBrowsers } from './sign-in-browsers.ts';
import { emptyRates, perSecond, signInsVersusBare, tallied, type SignInRates } from './sign-in-phase.ts';
import type { BenchClients } from './sign-ins.ts';
import type { BenchStaff } from './staff-sign-ins.ts';
import { ADMIN, NAMES, TENANT } from './targets.ts';

export interface StaffFigures {
  staff: SignInRates;
  paced: PacedFigures;
  /** The client sign-ins beside the dashboard (their failures fail its verdict). */
  clients: SignInRates;
}

export interface StaffPhase {
  options: BenchOptions;
  startPortal: () => Promise<Server>;
  appUrl: string;
  sessionSecret: string;
  staff: BenchStaff;
  clients: BenchClients;
  concurrency: number;
  say: (line: string) => void;
}

/** Staff sessions on the dashboard, one per member: a tenant's whole staff signed in, and more. */
const STAFF_SESSIONS = 200;

export async function staffPhase(phase: StaffPhase): Promise<{ figures: StaffFigures; output: string }> {
  const { options, staff, clients, concurrency, say } = phase;
  const seconds = options.signInDuration;
  const browsers = options.signInBrowsers;
  const portal = await phase.startPortal();
  const signInBrowsers = startSignInBrowsers();
  try {
    const rates = emptyRates(concurrency, browsers);
    const staffSignIns = tallied(rates, (runSeconds) =>
      signInBrowsers.run({ kind: 'staff', origin: portal.origin, slug: TENANT, staff, browsers, seconds: runSeconds }),
    );
    say(
      `\nStaff sign-ins: ${browsers} browsers through the forms (password, code page, TOTP code) vs a bare ` +
        `argon2id verify loop, ${concurrency} in flight each; ${staff.members.length} members; ` +
        `${options.signInRounds} rounds of ${seconds} s`,
    );
    // The warm-up is the check: every sign-in in it must have worked.
    const warmUp = await staffSignIns(Math.min(2, seconds));
    if (warmUp.failures > 0 || warmUp.signIns === 0)
      throw new Error(`a bench member of staff could not sign in: ${warmUp.firstFailure ?? 'no sign-in in 2 s'}`);
    await signInsVersusBare(options, rates, staffSignIns, staff, say);

    const members = staff.members.slice(0, Math.min(STAFF_SESSIONS, staff.members.length));
    const cookies = await mintSessions({
      appUrl: phase.appUrl,
      slug: TENANT,
      count: members.length,
      sessionSecret: phase.sessionSecret,
      secure: true,
      users: members.map(({ id, name }) => ({ id, name, kind: 'staff' })),
    });
    // A manager (odd members) sees the managers' sections; signed out, the page sends to sign-in.
    await expectPage(portal.origin, ADMIN, {
      status: 200,
      contains: [members[1]!.name, `/${TENANT}/admin/staff`],
      headers: { cookie: cookies[1]!, 'x-forwarded-proto': 'https' },
    });
    await expectPage(portal.origin, ADMIN, {
      status: 303,
      location: `/${TENANT}/admin/sign-in`,
      headers: { 'x-forwarded-proto': 'https' },
    });
    const clientRates = emptyRates(concurrency, browsers);
    const clientSignIns = tallied(clientRates, (runSeconds) =>
      signInBrowsers.run({ origin: portal.origin, slug: TENANT, clients, browsers, seconds: runSeconds }),
    );
    const paced = await pacedAloneAndBeside({
      options,
      portal,
      page: { name: NAMES.admin, path: ADMIN, cookies, description: 'Staff dashboard' },
      capacity: undefined,
      beside: async (runSeconds) => {
        const run = await clientSignIns(runSeconds);
        return perSecond(run.signIns, run.ms);
      },
      say,
    });
    return { figures: { staff: rates, paced, clients: clientRates }, output: portal.output() };
  } finally {
    await signInBrowsers.close();
    await portal.stop();
  }
}
