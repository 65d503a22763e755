// Sign-ins (issue #6), in a portal of their own after the counted phases (a sign-in writes):
//  1. sign-ins per second through the real form beside a bare argon2id verify loop in its own
//     process, at the same parameters and the same number of verifications in flight;
//  2. the p99 of the signed-in page at a fixed moderate rate, alone and while sign-ins run at
//     full rate beside it.
// Rounds interleave the two sides of each comparison, alternating which goes first.
import { runChild } from './child.ts';
import { alternate, median } from './load.ts';
import type { BenchOptions } from './options.ts';
import { pacedAloneAndBeside, type PacedFigures } from './paced-beside.ts';
import type { Server } from './processes.ts';
import { startSignInBrowsers } from './sign-in-browsers.ts';
import { browserAddress, signInOnce, type BenchClients, type SignInRun } from './sign-ins.ts';
import { ACCOUNT, NAMES, TENANT } from './targets.ts';

/** Sign-ins per second against the bare verify loop, and what went wrong. */
export interface SignInRates {
  concurrency: number;
  browsers: number;
  /** Sign-ins per second through the form, per run. */
  portal: number[];
  /** Bare verifications per second, per run. */
  bare: number[];
  /** Failed sign-ins, in every run (those beside a paced page too). */
  failures: number;
  firstFailure: string | undefined;
  /** Median milliseconds from GET of the form to the last POST's answer, in the sign-in runs. */
  signInP50: number;
}

export interface SignInFigures extends SignInRates {
  /** The signed-in page alone and beside sign-ins; undefined without sessions. */
  paced: PacedFigures | undefined;
}

export interface SignInPhase {
  options: BenchOptions;
  startPortal: () => Promise<Server>;
  clients: BenchClients;
  concurrency: number;
  /** The signed-in sessions' cookies (none: no p99 runs), and the page's median req/s measured earlier (if it was). */
  cookies: string[] | undefined;
  accountRps: number | undefined;
  say: (line: string) => void;
}

export const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
const fmt = (value: number): string => value.toFixed(1);

/** What the bare loop verifies: the hash every bench account has, and its password. */
export interface Credentials {
  hash: string;
  password: string;
}

function bareLoop({ hash, password }: Credentials, concurrency: number, seconds: number): Promise<number> {
  return runChild<{ verified: number; ms: number }>('bench/baselines/argon2-verify.ts', {
    HASH: hash,
    PASSWORD: password,
    CONCURRENCY: String(concurrency),
    SECONDS: String(seconds),
  }).then(({ verified, ms }) => perSecond(verified, ms));
}

export const emptyRates = (concurrency: number, browsers: number): SignInRates => ({
  concurrency,
  browsers,
  portal: [],
  bare: [],
  failures: 0,
  firstFailure: undefined,
  signInP50: Number.NaN,
});

/** Runs of the browsers for a number of seconds, each run's failures added to the rates'. */
export const tallied =
  (rates: SignInRates, run: (seconds: number) => Promise<SignInRun>) =>
  async (seconds: number): Promise<SignInRun> => {
    const result = await run(seconds);
    rates.failures += result.failures;
    rates.firstFailure ??= result.firstFailure;
    return result;
  };

/**
 * Interleaved rounds of sign-ins through the form (already warmed up) and the bare loop
 * verifying the same hash as often at once, into `rates`.
 */
export async function signInsVersusBare(
  options: BenchOptions,
  rates: SignInRates,
  signIns: (seconds: number) => Promise<SignInRun>,
  credentials: Credentials,
  say: (line: string) => void,
): Promise<void> {
  const seconds = options.signInDuration;
  const latencies: number[] = [];
  const bare = () => bareLoop(credentials, rates.concurrency, seconds);
  await alternate(
    options.signInRounds,
    () => signIns(seconds),
    bare,
    (run, verified, round) => {
      rates.portal.push(perSecond(run.signIns, run.ms));
      rates.bare.push(verified);
      latencies.push(...run.latencies);
      say(
        `  round ${round}: portal ${fmt(rates.portal.at(-1)!)} sign-ins/s` +
          `${run.failures ? ` (FAILED ${run.failures}: ${run.firstFailure})` : ''}, bare loop ${fmt(verified)} verifications/s`,
      );
    },
  );
  rates.signInP50 = median(latencies);
}

export async function signInPhase(phase: SignInPhase): Promise<{ figures: SignInFigures; output: string }> {
  const { options, clients, concurrency, say } = phase;
  const seconds = options.signInDuration;
  const browsers = options.signInBrowsers;
  const portal = await phase.startPortal();
  const signInBrowsers = startSignInBrowsers();
  try {
    const check = await signInOnce(portal.origin, TENANT, clients.identifiers[0]!, clients.password, browserAddress(0));
    if (check) throw new Error(`a bench client could not sign in: ${check}`);
    const figures: SignInFigures = { ...emptyRates(concurrency, browsers), paced: undefined };
    const signIns = tallied(figures, (runSeconds) =>
      signInBrowsers.run({ origin: portal.origin, slug: TENANT, clients, browsers, seconds: runSeconds }),
    );
    say(
      `\nSign-ins: ${browsers} browsers through the form vs a bare argon2id verify loop, ` +
        `${concurrency} verification${concurrency === 1 ? '' : 's'} in flight each; ${options.signInRounds} rounds of ${seconds} s`,
    );
    await signIns(Math.min(2, seconds));
    await signInsVersusBare(options, figures, signIns, clients, say);

    if (phase.cookies) {
      figures.paced = await pacedAloneAndBeside({
        options,
        portal,
        page: { name: NAMES.account, path: ACCOUNT, cookies: phase.cookies, description: 'Signed-in page' },
        capacity: phase.accountRps,
        beside: async (runSeconds) => {
          const run = await signIns(runSeconds);
          return perSecond(run.signIns, run.ms);
        },
        say,
      });
    }
    return { figures, output: portal.output() };
  } finally {
    await signInBrowsers.close();
    await portal.stop();
  }
}
