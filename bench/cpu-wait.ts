// Where a paced run's time went outside the portal's code, read from Linux's counters around
// the run: how long the portal's event-loop thread ran, how long it stood ready but waited for
// a CPU (/proc/<pid>/task/<pid>/schedstat: run and run-queue nanoseconds), and how many cores
// the whole machine kept busy (/proc/stat). On a small machine a page's tail beside sign-ins
// is mostly that wait, not slower code. Elsewhere than Linux the figures are not known.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuShare {
  /** Milliseconds per second the portal's event loop ran on a CPU. */
  ranMsPerS: number;
  /** Milliseconds per second it was ready to run and waited for a CPU. */
  waitedMsPerS: number;
  /** Cores the machine kept busy, on average (of every process). */
  busyCores: number;
}

interface Reading {
  at: number;
  ranNs: number;
  waitedNs: number;
  /** /proc/stat jiffies: busy and in all. */
  busy: number;
  total: number;
}

function read(pid: number): Reading | undefined {
  try {
    const [ranNs, waitedNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((sum, jiffies) => sum + jiffies, 0);
    const idle = cpu[3]! + cpu[4]!; // idle and iowait
    return { at: performance.now(), ranNs: ranNs!, waitedNs: waitedNs!, busy: total - idle, total };
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

/** Starts measuring the process's main thread; the function returned ends it. */
export function cpuMeter(pid: number): () => CpuShare | undefined {
  const start = read(pid);
  return () => {
    const end = read(pid);
    if (!start || !end) return undefined;
    const seconds = (end.at - start.at) / 1000;
    return {
      ranMsPerS: (end.ranNs - start.ranNs) / 1e6 / seconds,
      waitedMsPerS: (end.waitedNs - start.waitedNs) / 1e6 / seconds,
      busyCores: ((end.busy - start.busy) / (end.total - start.total)) * cpus().length,
    };
  };
}

/** The mean of the runs' shares (undefined if any is unknown). */
export function meanShare(shares: (CpuShare | undefined)[]): CpuShare | undefined {
  if (shares.length === 0 || shares.some((share) => !share)) return undefined;
  const mean = (pick: (share: CpuShare) => number) =>
    shares.reduce((sum, share) => sum + pick(share!), 0) / shares.length;
  return {
    ranMsPerS: mean((share) => share.ranMsPerS),
    waitedMsPerS: mean((share) => share.waitedMsPerS),
    busyCores: mean((share) => share.busyCores),
  };
}

export const describeShare = (share: CpuShare | undefined): string =>
  share
    ? `event loop ran ${share.ranMsPerS.toFixed(0)} ms/s, waited for a CPU ${share.waitedMsPerS.toFixed(0)} ms/s; ` +
      `machine ${share.busyCores.toFixed(2)} cores busy`
    : 'CPU shares not known here';
