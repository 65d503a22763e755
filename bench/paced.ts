// Page views at a fixed rate (an open loop), for latency rather than throughput: request i is
// due at start + i / rate whether or not earlier ones have been answered, and its latency runs
// from when it was due, so time spent waiting for a free connection counts (no coordinated
// omission). Latencies are kept to the microsecond; autocannon's are whole milliseconds and
// its rate limit sends each connection's share in a burst at the top of every second.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

export interface PacedRun {
  target: string;
  rate: number;
  /** Answered 2xx. */
  ok: number;
  /** Non-2xx answers and errors. */
  failures: number;
  p50: number;
  p99: number;
  /** Every 2xx latency, in milliseconds, sorted. */
  latencies: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface PacedSpec {
  name: string;
  origin: string;
  path: string;
  /** Cookie headers, taken in turn (from a random start), one per request. */
  cookies?: string[];
  /** Each cookie's own path (a resident's premises), in the cookies' order; unset: `path` for all. */
  paths?: string[];
  rate: number;
  seconds: number;
}

/**
 * The load in a worker thread of its own, so the bench's other work (the sign-in browsers)
 * cannot hold up its timers or the reading of its answers and be counted as the portal's.
 */
export function pacedLoad(spec: PacedSpec): Promise<PacedRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./paced-worker.ts', import.meta.url), { workerData: spec });
    worker.once('message', (run: PacedRun) => resolve(run));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the paced load's worker exited with ${code}`));
    });
  });
}

export async function pacedLoop({ name, origin, path, cookies, paths, rate, seconds }: PacedSpec): Promise<PacedRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failures = 0;
  let nextCookie = cookies ? Math.floor(Math.random() * cookies.length) : 0;
  const inFlight = new Set<Promise<void>>();
  const request = (due: number): Promise<void> =>
    new Promise((resolve) => {
      const turn = nextCookie++;
      const headers = cookies ? { cookie: cookies[turn % cookies.length]! } : undefined;
      const url = new URL(paths ? paths[turn % paths.length]! : path, origin);
      const req = http.get(url, { agent, headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode! >= 200 && res.statusCode! < 300) latencies.push(performance.now() - due);
          else failures += 1;
          resolve();
        });
      });
      req.on('error', () => {
        failures += 1;
        resolve();
      });
    });
  const started = performance.now();
  const total = Math.round(rate * seconds);
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // Every request due by now goes out; a late tick sends the ones it owes at once.
    while (sent < total && started + (sent * 1000) / rate <= now) {
      const pending = request(started + (sent * 1000) / rate);
      inFlight.add(pending);
      void pending.then(() => inFlight.delete(pending));
      sent += 1;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    target: name,
    rate,
    ok: sorted.length,
    failures,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    latencies: sorted,
  };
}
