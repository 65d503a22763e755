// A page's p99 at a fixed moderate rate (paced.ts), alone and while a load runs beside it
// (sign-ins at full rate), in rounds alternating which goes first; with, per run, the portal's
// event loop and the machine's CPU (cpu-wait.ts). Used for the signed-in page beside client
// sign-ins and for the staff dashboard beside them.
import { cpuMeter, describeShare, type CpuShare } from './cpu-wait.ts';
import { alternate, load } from './load.ts';
import type { BenchOptions } from './options.ts';
import { pacedLoad, type PacedRun } from './paced.ts';
import type { Server } from './processes.ts';
import { target } from './targets.ts';
import { rotatingCookies } from './sessions.ts';

export interface PacedFigures {
  rate: number;
  alone: PacedRun[];
  withSignIns: PacedRun[];
  /** The rate of the load beside (sign-ins/s), per run. */
  signInsBeside: number[];
  /** Per run, the portal's event loop and the machine's CPU (cpu-wait.ts). */
  cpuAlone: (CpuShare | undefined)[];
  cpuBeside: (CpuShare | undefined)[];
}

export interface PacedComparison {
  options: BenchOptions;
  portal: Server;
  /** The page: its name in the report, its path, and the signed-in sessions' cookies taken in turn. */
  page: { name: string; path: string; cookies: string[]; description: string };
  /** The page's full-load req/s measured earlier; unknown: a 3 s full-load run here says. */
  capacity: number | undefined;
  /** The load beside, for `seconds`: its rate reached. */
  beside: (seconds: number) => Promise<number>;
  say: (line: string) => void;
}

const fmt = (value: number): string => value.toFixed(1);

export async function pacedAloneAndBeside(comparison: PacedComparison): Promise<PacedFigures> {
  const { options, portal, page, say } = comparison;
  const seconds = options.signInDuration;
  const capacity =
    comparison.capacity ??
    (await load(target(page.name, portal.origin, [page.path], rotatingCookies(page.cookies)), 3, options.connections))
      .rps;
  const rate = Math.max(10, Math.round(capacity * options.pacedShare));
  const figures: PacedFigures = { rate, alone: [], withSignIns: [], signInsBeside: [], cpuAlone: [], cpuBeside: [] };
  say(
    `\n${page.description} at a fixed ${rate} req/s (${Math.round(options.pacedShare * 100)}% of its throughput), ` +
      `alone and beside full-rate sign-ins; ${options.signInRounds} rounds of ${seconds} s`,
  );
  const paced = (runSeconds: number) =>
    pacedLoad({
      name: page.name,
      origin: portal.origin,
      path: page.path,
      cookies: page.cookies,
      rate,
      seconds: runSeconds,
    });
  const metered = async (shares: (CpuShare | undefined)[], run: () => Promise<PacedRun>) => {
    const stop = cpuMeter(portal.pid);
    const result = await run();
    shares.push(stop());
    return result;
  };
  await paced(Math.min(2, seconds));
  const alone = () => metered(figures.cpuAlone, () => paced(seconds));
  const beside = () =>
    metered(figures.cpuBeside, async () => {
      // The load beside runs a little longer, so it covers the paced window (whose worker
      // takes a moment to start) to its end.
      const [result, besideRate] = await Promise.all([paced(seconds), comparison.beside(seconds + 0.5)]);
      figures.signInsBeside.push(besideRate);
      return result;
    });
  await alternate(options.signInRounds, alone, beside, (byItself, withSignIns, round) => {
    figures.alone.push(byItself);
    figures.withSignIns.push(withSignIns);
    const failed = byItself.failures + withSignIns.failures;
    say(
      `  round ${round}: alone p50 ${fmt(byItself.p50)} ms p99 ${fmt(byItself.p99)} ms; ` +
        `with ${fmt(figures.signInsBeside.at(-1)!)} sign-ins/s p50 ${fmt(withSignIns.p50)} ms p99 ${fmt(withSignIns.p99)} ms` +
        `${failed ? `; FAILED ${failed} page views` : ''}`,
    );
    say(`           alone: ${describeShare(figures.cpuAlone.at(-1))}`);
    say(`           with sign-ins: ${describeShare(figures.cpuBeside.at(-1))}`);
  });
  return figures;
}
