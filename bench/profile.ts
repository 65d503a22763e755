// Where the time goes: the self time of each function in a V8 .cpuprofile (written by
// `node --cpu-prof`), summed per function name and script, heaviest first.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './processes.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

export interface SelfTime {
  functionName: string;
  where: string;
  ms: number;
  /** Share of the sampled time the process was not idle. */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  top: SelfTime[];
  /** Self time summed per package (node_modules), portal folder (src/…), node: or native code. */
  byPackage: { name: string; ms: number; share: number }[];
}

function packageOf(where: string, url: string): string {
  if (!url) return '(native, GC, program)';
  if (url.startsWith('node:')) return 'node: built-ins';
  if (url.includes('/node_modules/')) {
    const [first, second] = where.split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? where);
  }
  const folders = where.split('/');
  return folders.length > 2 ? `${folders[0]}/${folders[1]}/` : where;
}

function shortLocation(rawUrl: string): string {
  // EJS names its compiled templates with a quoted sourceURL.
  const url = rawUrl.replace(/^"(.*)"$/, '$1');
  if (!url) return '';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) return file.slice(modules + '/node_modules/'.length);
  return file.startsWith(`${repoRoot}/`) ? file.slice(repoRoot.length + 1) : file;
}

export function topSelfTime(file: string, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, { functionName: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  profile.samples.forEach((nodeId, index) => {
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[index + 1] ?? 0;
    const frame = frameOf.get(nodeId);
    const functionName = frame?.functionName || '(anonymous)';
    if (functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const where = shortLocation(frame?.url ?? '');
    const name = packageOf(where, frame?.url ?? '');
    packages.set(name, (packages.get(name) ?? 0) + us);
    const key = `${functionName}\u0000${where}`;
    const entry = totals.get(key) ?? { functionName, where, us: 0 };
    entry.us += us;
    totals.set(key, entry);
  });
  const top = [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ functionName, where, us }) => ({ functionName, where, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  const byPackage = [...packages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, top, byPackage };
}
