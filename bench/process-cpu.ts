// CPU time spent by processes, from Linux's /proc/<pid>/stat (user and system time, in ticks
// of 10 ms: USER_HZ is 100): the portal's process (all its threads) and the database backends
// that serve its app role, on the single server or on each node of the cluster. Counted over
// runs of thousands of requests, so the tick is fine enough. Elsewhere than Linux: unknown.
import { readFileSync } from 'node:fs';
import { adminQuery } from './database.ts';

const MS_PER_TICK = 10;

/** Milliseconds of CPU the process has used so far; undefined when it is gone (or not Linux). */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name in parentheses (which may hold spaces): state, ppid, … utime, stime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds so far of each backend of `role` in `database` on the server at `serverUrl` (superuser). */
export async function backendsCpu(serverUrl: string, database: string, role: string): Promise<Map<number, number>> {
  const rows = await adminQuery<{ pid: number }>(
    serverUrl,
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND usename = $2',
    [database, role],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = cpuMsOf(pid);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

/** What the backends used between two readings; one that began meanwhile counts from nothing. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}
