// Sign-ins (issue #6), in a portal of their own after the counted phases (a sign-in writes):
//  1. sign-ins per second through the real form beside a bare argon2id verify loop in its own
//     process, at the same parameters and the same number of verifications in flight;
//  2. the p99 of the signed-in page at a fixed moderate rate, alone and while sign-ins run at
//     full rate beside it.
// Rounds interleave the two sides of each comparison, alternating which goes first.
import { runChild } from './child.ts';
import { cpuMeter, describeShare, type CpuShare } from './cpu-wait.ts';
import { alternate, load, median } from './load.ts';
import type { BenchOptions } from './options.ts';
import { pacedLoad, type PacedRun } from './paced.ts';
import type { Server } from './processes.ts';
import { startSignInBrowsers } from './sign-in-browsers.ts';
import { browserAddress, signInOnce, type BenchClients, type SignInRun } from './sign-ins.ts';
import { rotatingCookies } from './sessions.ts';
import { ACCOUNT, NAMES, TENANT, target } from './targets.ts';

export interface SignInFigures {
  concurrency: number;
  browsers: number;
  /** Sign-ins per second through the form, per run. */
  portal: number[];
  /** Bare verifications per second, per run. */
  bare: number[];
  /** Failed sign-ins, in every run of both parts. */
  failures: number;
  firstFailure: string | undefined;
  /** Median milliseconds from GET of the form to the POST's answer, in the sign-in runs. */
  signInP50: number;
  paced: {
    rate: number;
    alone: PacedRun[];
    withSignIns: PacedRun[];
    signInsBeside: number[];
    /** Per run, the portal's event loop and the machine's CPU (cpu-wait.ts). */
    cpuAlone: (CpuShare | undefined)[];
    cpuBeside: (CpuShare | undefined)[];
  };
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

const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
const fmt = (value: number): string => value.toFixed(1);

function bareLoop(clients: BenchClients, concurrency: number, seconds: number): Promise<number> {
  return runChild<{ verified: number; ms: number }>('bench/baselines/argon2-verify.ts', {
    HASH: clients.hash,
    PASSWORD: clients.password,
    CONCURRENCY: String(concurrency),
    SECONDS: String(seconds),
  }).then(({ verified, ms }) => perSecond(verified, ms));
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
    const figures: SignInFigures = {
      concurrency,
      browsers,
      portal: [],
      bare: [],
      failures: 0,
      firstFailure: undefined,
      signInP50: Number.NaN,
      paced: { rate: 0, alone: [], withSignIns: [], signInsBeside: [], cpuAlone: [], cpuBeside: [] },
    };
    const signIns = async (runSeconds = seconds): Promise<SignInRun> => {
      const run = await signInBrowsers.run({
        origin: portal.origin,
        slug: TENANT,
        clients,
        browsers,
        seconds: runSeconds,
      });
      figures.failures += run.failures;
      figures.firstFailure ??= run.firstFailure;
      return run;
    };
    say(
      `\nSign-ins: ${browsers} browsers through the form vs a bare argon2id verify loop, ` +
        `${concurrency} verification${concurrency === 1 ? '' : 's'} in flight each; ${options.signInRounds} rounds of ${seconds} s`,
    );
    await signIns(Math.min(2, seconds));
    const latencies: number[] = [];
    const bare = () => bareLoop(clients, concurrency, seconds);
    await alternate(options.signInRounds, signIns, bare, (run, verified, round) => {
      figures.portal.push(perSecond(run.signIns, run.ms));
      figures.bare.push(verified);
      latencies.push(...run.latencies);
      say(
        `  round ${round}: portal ${fmt(figures.portal.at(-1)!)} sign-ins/s` +
          `${run.failures ? ` (FAILED ${run.failures}: ${run.firstFailure})` : ''}, bare loop ${fmt(verified)} verifications/s`,
      );
    });
    figures.signInP50 = median(latencies);

    if (phase.cookies) {
      const { cookies } = phase;
      const capacity =
        phase.accountRps ??
        (await load(target(NAMES.account, portal.origin, [ACCOUNT], rotatingCookies(cookies)), 3, options.connections))
          .rps;
      const rate = Math.max(10, Math.round(capacity * options.pacedShare));
      figures.paced.rate = rate;
      say(
        `\nSigned-in page at a fixed ${rate} req/s (${Math.round(options.pacedShare * 100)}% of its throughput), ` +
          `alone and beside full-rate sign-ins; ${options.signInRounds} rounds of ${seconds} s`,
      );
      const paced = (runSeconds: number) =>
        pacedLoad({ name: NAMES.account, origin: portal.origin, path: ACCOUNT, cookies, rate, seconds: runSeconds });
      const metered = async (shares: (CpuShare | undefined)[], run: () => Promise<PacedRun>) => {
        const stop = cpuMeter(portal.pid);
        const page = await run();
        shares.push(stop());
        return page;
      };
      await paced(Math.min(2, seconds));
      const alone = () => metered(figures.paced.cpuAlone, () => paced(seconds));
      const beside = () =>
        metered(figures.paced.cpuBeside, async () => {
          // The sign-ins run a little longer, so they cover the paced window (whose worker
          // takes a moment to start) to its end.
          const [page, run] = await Promise.all([paced(seconds), signIns(seconds + 0.5)]);
          figures.paced.signInsBeside.push(perSecond(run.signIns, run.ms));
          return page;
        });
      await alternate(options.signInRounds, alone, beside, (byItself, withSignIns, round) => {
        figures.paced.alone.push(byItself);
        figures.paced.withSignIns.push(withSignIns);
        const failed = byItself.failures + withSignIns.failures;
        say(
          `  round ${round}: alone p50 ${fmt(byItself.p50)} ms p99 ${fmt(byItself.p99)} ms; ` +
            `with ${fmt(figures.paced.signInsBeside.at(-1)!)} sign-ins/s p50 ${fmt(withSignIns.p50)} ms p99 ${fmt(withSignIns.p99)} ms` +
            `${failed ? `; FAILED ${failed} page views` : ''}`,
        );
        say(`           alone: ${describeShare(figures.paced.cpuAlone.at(-1))}`);
        say(`           with sign-ins: ${describeShare(figures.paced.cpuBeside.at(-1))}`);
      });
    }
    return { figures, output: portal.output() };
  } finally {
    await signInBrowsers.close();
    await portal.stop();
  }
}
