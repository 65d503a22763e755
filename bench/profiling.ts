// Where the time goes when a target is missed: one more portal, started with --cpu-prof,
// under load on the missed page for a short while; then its heaviest functions by self time.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, type Target } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { Server } from './processes.ts';
import { topSelfTime } from './profile.ts';
import { profileTable } from './report.ts';

export async function profilePortal(
  startPortal: (nodeArgs: string[]) => Promise<Server>,
  targetsOf: (portal: Server) => Target[],
  options: Pick<BenchOptions, 'profileDuration' | 'connections' | 'warmup'>,
): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-bench-profile-'));
  try {
    const portal = await startPortal(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const targets = targetsOf(portal);
    let requests = 0;
    try {
      for (const target of targets) {
        requests += (await load(target, Math.min(options.warmup, 2), options.connections)).responses;
        requests += (await load(target, options.profileDuration / targets.length, options.connections)).responses;
      }
    } finally {
      await portal.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) return 'CPU profile: the portal wrote no .cpuprofile (did it stop gracefully?)';
    const heading = `Where the time goes: CPU profile of the portal under ${targets.map((t) => t.name).join(', ')}`;
    return `${heading}\n${profileTable(topSelfTime(path.join(dir, file)), requests)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
