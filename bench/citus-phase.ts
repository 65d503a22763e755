// Issue #17: the signed-in page and sign-ins on a three-node Citus cluster of this machine
// against the same on one PostgreSQL, in one run (bench/README.md, "Citus"). Both sides get
// the same database, sessions and accounts; a portal per side and session-cache setting runs
// through rounds that interleave them, so the machine's noise hits both sides alike; sign-ins
// alternate which side goes first. Then the counted runs (citus-counts.ts) say where each
// side's time goes. The cluster is the bench's own, stopped and removed at the end whatever
// happens (and by test/citus/cluster.ts's exit hook should the bench itself be ended).
import { nodeUrls } from '../test/citus/cluster.ts';
import type { BenchDatabase } from './database.ts';
import { prepareCitusDatabase } from './citus-database.ts';
import { countRequests, countsTables, describeCounts, topStatements } from './citus-counts.ts';
import { mintFor, pageName, pageTarget, prepareSide, sidePortal, warmUp, type Side } from './citus-sides.ts';
import { alternate, interleave, median, summarise, type RunResult, type Summary, type Target } from './load.ts';
import type { BenchOptions } from './options.ts';
import { describeRun } from './phases.ts';
import type { PortalSecrets } from './portal.ts';
import type { Server } from './processes.ts';
import { formatInt, ratio, throughputTable, type Verdict } from './report.ts';
import { startSignInBrowsers, type SignInBrowsers } from './sign-in-browsers.ts';
import { browserAddress, signInOnce, type SignInRun } from './sign-ins.ts';
import { ACCOUNT, TENANT, expectPage } from './targets.ts';
import { analyzeNow } from './writes.ts';

export const CITUS_PAGE_TARGET = 0.6;
export const CITUS_PAGE_GOAL = `signed-in ${ACCOUNT} on Citus ≥ ${ratio(CITUS_PAGE_TARGET)} single node`;

export interface CitusPhase {
  options: BenchOptions;
  /** A fresh bench database on the machine's PostgreSQL: the single-node side. */
  single: BenchDatabase;
  secrets: PortalSecrets;
  say: (line?: string) => void;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(0)} s`;
const perSecond = (run: SignInRun): number => (run.signIns / run.ms) * 1000;

/** The signed-in page, cached and not, on both sides: warm-ups, then interleaved rounds. */
async function pageRounds(sides: Side[], phase: CitusPhase, portals: Map<string, Server>): Promise<RunResult[]> {
  const { options, say } = phase;
  const pages = [true, false].flatMap((cache) => sides.map((side) => ({ side, cache })));
  const sessions = [];
  for (const { side } of pages) sessions.push(await mintFor(side, phase));
  for (const side of sides) await analyzeNow(side.adminUrl);
  const targets: Target[] = [];
  for (const [index, { side, cache }] of pages.entries()) {
    const portal = await sidePortal(side, cache, phase);
    portals.set(pageName(side, cache), portal);
    const cookies = sessions[index]!;
    const headers = { cookie: cookies[0]! };
    await expectPage(portal.origin, ACCOUNT, { status: 200, contains: ['Bench Visitor'], headers });
    targets.push(pageTarget(side, cache, portal, cookies));
  }
  for (const t of targets) say(`warm-up ${describeRun(await warmUp(t, options.sessions, options))}`);
  return interleave(targets, options.rounds, options.duration, options.connections, (run, round) =>
    say(`round ${round}/${options.rounds} ${describeRun(run)}`),
  );
}

/** Sign-ins through the form on each side's cached portal, rounds alternating which side goes first. */
async function signInRounds(sides: Side[], phase: CitusPhase, origins: string[], browsers: SignInBrowsers) {
  const { options, say } = phase;
  const signIns =
    (index: number, seconds = options.signInDuration) =>
    () =>
      browsers.run({
        origin: origins[index]!,
        slug: TENANT,
        clients: sides[index]!.clients,
        browsers: options.signInBrowsers,
        seconds,
      });
  for (const [index, side] of sides.entries()) {
    const { identifiers, password } = side.clients;
    const check = await signInOnce(origins[index]!, TENANT, identifiers[0]!, password, browserAddress(0));
    if (check) throw new Error(`a bench client could not sign in on the ${side.label} side: ${check}`);
    await signIns(index, Math.min(2, options.signInDuration))();
  }
  const runs: [SignInRun[], SignInRun[]] = [[], []];
  const failed = (run: SignInRun) => (run.failures ? ` (FAILED ${run.failures}: ${run.firstFailure})` : '');
  await alternate(options.signInRounds, signIns(0), signIns(1), (one, many, round) => {
    runs[0].push(one);
    runs[1].push(many);
    say(
      `  round ${round}: single node ${perSecond(one).toFixed(1)} sign-ins/s${failed(one)}, ` +
        `Citus ${perSecond(many).toFixed(1)}${failed(many)}`,
    );
  });
  return runs;
}

function pageVerdict(cache: boolean, [single, citus]: Summary[], where: string): Verdict {
  const share = citus!.rps / single!.rps;
  const failures = single!.failures + citus!.failures;
  const figures =
    `${ratio(share)} (${formatInt(citus!.rps)} vs ${formatInt(single!.rps)} req/s, medians)` +
    `${failures ? `; ${formatInt(failures)} requests failed` : ''}\n        ${where}`;
  if (!cache) {
    return {
      status: 'INFO',
      goal: `signed-in ${ACCOUNT}, SESSION_CACHE=false, Citus vs single node (no target)`,
      detail: figures,
    };
  }
  const pass = share >= CITUS_PAGE_TARGET && failures === 0;
  return { status: pass ? 'PASS' : 'MISS', goal: CITUS_PAGE_GOAL, detail: figures };
}

function signInVerdict([single, citus]: SignInRun[][], where: string): Verdict {
  const rate = (runs: SignInRun[]) => median(runs.map(perSecond));
  const time = (runs: SignInRun[]) => median(runs.flatMap((run) => run.latencies)).toFixed(0);
  const failures = [...single!, ...citus!].reduce((n, run) => n + run.failures, 0);
  return {
    status: 'INFO',
    goal: 'sign-ins/s through the form, Citus vs single node (no target)',
    detail:
      `${ratio(rate(citus!) / rate(single!))} (${rate(citus!).toFixed(1)} vs ${rate(single!).toFixed(1)} per second, medians; ` +
      `a sign-in takes ${time(citus!)} vs ${time(single!)} ms, median)` +
      `${failures ? `; ${formatInt(failures)} sign-ins FAILED` : ''}\n        ${where}`,
  };
}

export async function citusPhase(phase: CitusPhase): Promise<{ verdicts: Verdict[]; outputs: Map<string, string> }> {
  const { options, single, secrets, say } = phase;
  const began = performance.now();
  say(`\nCitus: the signed-in page and sign-ins on a three-node Citus cluster vs one PostgreSQL`);
  const citus = await prepareCitusDatabase(single.adminUrl, single.name);
  say(
    `single node: ${single.name} on PostgreSQL ${single.serverVersion}; Citus: a fresh cluster of ${citus.serverVersion}, ` +
      `coordinator and two workers on loopback, ready in ${seconds(began)} (nodes set as the single server: ${citus.matched})`,
  );
  const portals = new Map<string, Server>();
  let browsers: SignInBrowsers | undefined;
  try {
    const sides = [
      await prepareSide('single node', single, [single.adminUrl]),
      await prepareSide('Citus', citus, nodeUrls(citus.cluster)),
    ];
    say(
      `${sides[0]!.clients.identifiers.length} sign-in accounts on each side, and ${options.sessions} sessions ` +
        `for each portal of its own`,
    );
    const runs = await pageRounds(sides, phase, portals);
    const pairs = [true, false].map((cache) => sides.map((side) => summarise(pageName(side, cache), runs)));
    for (const pair of pairs) say(`\n${throughputTable(pair, pair[0], 'single node')}`);

    browsers = startSignInBrowsers();
    say(
      `\nSign-ins: ${options.signInBrowsers} browsers through the form; ${options.signInRounds} rounds of ${options.signInDuration} s`,
    );
    const origins = sides.map((side) => portals.get(pageName(side, true))!.origin);
    const signIns = await signInRounds(sides, phase, origins, browsers);
    await Promise.all([...portals.values()].map((portal) => portal.stop()));
    const outputs = new Map([...portals].map(([name, portal]) => [`portal, ${name}`, portal.output()]));

    say('\nWhere the time goes, per request, in untimed runs like the timed ones (the app role only):');
    const counts = await countRequests(sides, { options, secrets, browsers });
    say(countsTables(counts));
    say('What the Citus nodes received most often, per request:');
    say(topStatements(counts[1]!));
    say(`\nthe Citus part took ${seconds(began)}`);
    return {
      verdicts: [
        pageVerdict(true, pairs[0]!, describeCounts(counts, 'page')),
        pageVerdict(false, pairs[1]!, describeCounts(counts, 'uncachedPage')),
        signInVerdict(signIns, describeCounts(counts, 'signIn')),
      ],
      outputs,
    };
  } finally {
    await browsers?.close();
    await Promise.all([...portals.values()].map((portal) => portal.stop()));
    await citus.cluster.stop();
  }
}
