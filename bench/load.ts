// Load with autocannon: fixed connections, no pipelining, one target at a time; rounds
// interleave the targets (A, B, C, A, B, C, …) so a noisy moment hits one run, not one target.
import autocannon from 'autocannon';

export interface Target {
  name: string;
  origin: string;
  /** Paths requested in turn by every connection. */
  paths: string[];
  /** Request headers, chosen anew for every request (e.g. the next session's cookie). */
  headers?: () => Record<string, string>;
  /**
   * The next request's path with its headers, for pages that belong to whoever asks (a
   * resident's own premises): chosen anew for every request, and then `paths` is only the first.
   */
  next?: () => { path: string; headers: Record<string, string> };
}

export interface RunResult {
  target: string;
  /** 2xx responses per second. */
  rps: number;
  total: number;
  /** Every response, 2xx or not: page views, for the write counts. */
  responses: number;
  p50: number;
  p99: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  failures: number;
  started: number;
  finished: number;
}

export async function load(target: Target, seconds: number, connections: number): Promise<RunResult> {
  const { headers, next } = target;
  const started = Date.now();
  const setupRequest = next
    ? (request: autocannon.Request) => {
        const { path, headers: own } = next();
        return { ...request, path, headers: { ...request.headers, ...own } };
      }
    : headers && ((request: autocannon.Request) => ({ ...request, headers: { ...request.headers, ...headers() } }));
  const result = await autocannon({
    url: target.origin,
    connections,
    pipelining: 1,
    duration: seconds,
    requests: target.paths.map((path) => ({ method: 'GET', path, ...(setupRequest && { setupRequest }) })),
  });
  return {
    target: target.name,
    rps: result['2xx'] / result.duration,
    total: result['2xx'],
    responses: result['2xx'] + result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    started,
    finished: Date.now(),
  };
}

export async function interleave(
  targets: Target[],
  rounds: number,
  seconds: number,
  connections: number,
  onRun: (run: RunResult, round: number) => void,
): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets) {
      const run = await load(target, seconds, connections);
      runs.push(run);
      onRun(run, round);
    }
  }
  return runs;
}

/**
 * Rounds of two runs, alternating which goes first (A B, B A, A B, …) so that a drift of the
 * machine weighs on both alike; each round's pair goes to onRound.
 */
export async function alternate<A, B>(
  rounds: number,
  a: () => Promise<A>,
  b: () => Promise<B>,
  onRound: (a: A, b: B, round: number) => void,
): Promise<void> {
  for (let round = 1; round <= rounds; round++) {
    if (round % 2 === 1) {
      const first = await a();
      onRound(first, await b(), round);
    } else {
      const first = await b();
      onRound(await a(), first, round);
    }
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Summary {
  target: string;
  runs: number;
  rps: number;
  minRps: number;
  maxRps: number;
  p50: number;
  p99: number;
  total: number;
  failures: number;
}

/** Median requests/s per target (and the median of the runs' p50 and p99 latencies). */
export function summarise(target: string, runs: RunResult[]): Summary {
  const mine = runs.filter((run) => run.target === target);
  const rps = mine.map((run) => run.rps);
  return {
    target,
    runs: mine.length,
    rps: median(rps),
    minRps: Math.min(...rps),
    maxRps: Math.max(...rps),
    p50: median(mine.map((run) => run.p50)),
    p99: median(mine.map((run) => run.p99)),
    total: mine.reduce((sum, run) => sum + run.total, 0),
    failures: mine.reduce((sum, run) => sum + run.failures, 0),
  };
}
