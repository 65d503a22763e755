// The two measured phases. Each starts a portal of its own and ends by stopping it, so the
// database writes it caused are flushed and counted (writes.ts).
import { interleave, load, type RunResult, type Target } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { Server } from './processes.ts';
import { ACCOUNT, ANONYMOUS_PATHS, HOME, NAMES, TENANT, expectPage, target } from './targets.ts';
import { readWrites, waitForClientsToLeave, writesBetween, type WriteCounts } from './writes.ts';

export interface PhaseContext {
  options: BenchOptions;
  database: { name: string; adminUrl: string; benchAdminUrl: string };
  startPortal: () => Promise<Server>;
  say: (line: string) => void;
}

export const describeRun = (run: RunResult): string =>
  `${run.target.padEnd(48)} ${Math.round(run.rps).toLocaleString('en').padStart(7)} req/s` +
  `  p50 ${run.p50.toFixed(1)} ms  p99 ${run.p99.toFixed(1)} ms${run.failures ? `  FAILED ${run.failures}` : ''}`;

async function stopAndCount(portal: Server, { database }: PhaseContext): Promise<WriteCounts> {
  await portal.stop();
  await waitForClientsToLeave(database.adminUrl, database.name);
  return readWrites(database.benchAdminUrl, database.name);
}

/** Anonymous views of every tenant's public pages; counted from before the portal starts to after it stops. */
export async function anonymousPhase(context: PhaseContext, before: WriteCounts) {
  const { options } = context;
  const portal = await context.startPortal();
  try {
    await expectPage(portal.origin, HOME, { status: 200, contains: ['Zielonce'] });
    const mix = target(NAMES.anonymousMix, portal.origin, ANONYMOUS_PATHS);
    const run = await load(mix, options.anonymousDuration, options.connections);
    context.say(describeRun(run));
    const after = await stopAndCount(portal, context);
    return { writes: writesBetween(before, after), views: run.responses + 1, after, output: portal.output() };
  } finally {
    await portal.stop();
  }
}

export type TargetSet = Record<'hello' | 'fortunes' | 'home' | 'account', Target | undefined>;

/**
 * Warm-up, then interleaved rounds over the targets. The signed-in runs are also the window in
 * which the sessions view pages; the writes are counted until the portal has stopped.
 */
export async function throughputPhase(
  context: PhaseContext,
  targetsOf: (portal: Server) => TargetSet,
  signedInCookie: string | undefined,
  before: WriteCounts,
) {
  const { options, say } = context;
  const portal = await context.startPortal();
  try {
    const targets = targetsOf(portal);
    // Without a session, the dashboard sends the visitor to sign in.
    await expectPage(portal.origin, ACCOUNT, { status: 303, location: `/${TENANT}/sign-in?next=%2Faccount` });
    if (signedInCookie) {
      const headers = { cookie: signedInCookie };
      await expectPage(portal.origin, ACCOUNT, { status: 200, contains: ['Bench Visitor'], headers });
    }
    const order = [targets.account, targets.home, targets.fortunes, targets.hello].filter((t): t is Target => !!t);
    for (const t of order.slice(1)) say(`warm-up ${describeRun(await load(t, options.warmup, options.connections))}`);
    const windowStart = Date.now();
    if (targets.account)
      say(`warm-up ${describeRun(await load(targets.account, options.warmup, options.connections))}`);
    const runs = await interleave(order, options.rounds, options.duration, options.connections, (run, round) =>
      say(`round ${round}/${options.rounds} ${describeRun(run)}`),
    );
    const signedIn = runs.filter((run) => run.target === NAMES.account);
    const windowMs = signedIn.length > 0 ? Math.max(...signedIn.map((run) => run.finished)) - windowStart : 0;
    const after = await stopAndCount(portal, context);
    const anonymousViews = runs.filter((run) => run.target === NAMES.home).reduce((n, run) => n + run.responses, 0);
    return { runs, windowMs, writes: writesBetween(before, after), anonymousViews, output: portal.output() };
  } finally {
    await portal.stop();
  }
}
