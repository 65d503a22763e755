// What the bench prints: the throughput table with ratios against the Fortunes baseline,
// one PASS/MISS line per target (a miss is never left out), and the CPU profile of a miss.
import type { Summary } from './load.ts';
import type { ProfileSummary } from './profile.ts';

export type Status = 'PASS' | 'MISS' | 'NOT MEASURED' | 'INFO';

export interface Verdict {
  status: Status;
  goal: string;
  detail: string;
  /** The page to CPU-profile when this target is missed. */
  page?: 'home' | 'account';
}

const int = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '—');
const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '—');
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');

export function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** One row a target, its req/s also as a ratio to `baseline`'s (named `against` in the header). */
export function throughputTable(summaries: Summary[], baseline: Summary | undefined, against = 'Fortunes'): string {
  const rows = summaries.map((s) => [
    s.target,
    int(s.rps),
    ms(s.p50),
    ms(s.p99),
    baseline ? ratio(s.rps / baseline.rps) : '—',
    `${int(s.minRps)}–${int(s.maxRps)}`,
    String(s.runs),
    int(s.failures),
  ]);
  return table(
    ['target', 'median req/s', 'p50 ms', 'p99 ms', `vs ${against}`, 'runs min–max req/s', 'runs', 'failed'],
    rows,
    [false, true, true, true, true, true, true, true],
  );
}

export function verdictLines(verdicts: Verdict[]): string {
  const width = Math.max(...verdicts.map((v) => v.status.length));
  return verdicts.map((v) => `  ${v.status.padEnd(width)}  ${v.goal}\n  ${' '.repeat(width)}  ${v.detail}`).join('\n');
}

export function profileTable(profile: ProfileSummary, requests: number): string {
  const total = profile.busyMs + profile.idleMs;
  const idleShare = total > 0 ? ((profile.idleMs / total) * 100).toFixed(0) : '0';
  const perRequest = requests > 0 ? `; ≈ ${(profile.busyMs / requests).toFixed(2)} ms of CPU per request` : '';
  const functions = profile.top.map((entry, index) => [
    String(index + 1),
    ms(entry.ms),
    `${(entry.share * 100).toFixed(1)}%`,
    entry.functionName,
    entry.where,
  ]);
  const packages = profile.byPackage.map((entry) => [entry.name, ms(entry.ms), `${(entry.share * 100).toFixed(1)}%`]);
  return [
    `busy ${ms(profile.busyMs)} ms, idle ${ms(profile.idleMs)} ms (${idleShare}% idle), ` +
      `${int(requests)} requests, start-up included${perRequest}`,
    'top 15 functions by self time:',
    table(['#', 'self ms', 'of busy', 'function', 'where'], functions, [true, true, true, false, false]),
    'self time by package:',
    table(['package', 'self ms', 'of busy'], packages, [false, true, true]),
  ].join('\n');
}

export const formatInt = int;
