// npm run bench: the portal beside peer baselines, in one run, on one machine (bench/README.md).
import { cpus, loadavg } from 'node:os';
import { prepareBenchDatabase, type BenchDatabase } from './database.ts';
import { CITUS_PAGE_GOAL, citusPhase } from './citus-phase.ts';
import { summarise } from './load.ts';
import { benchOptions } from './options.ts';
import { anonymousPhase, throughputPhase, type PhaseContext, type TargetSet } from './phases.ts';
import { portalCommand, portalEnvironment, newPortalSecrets, startPortal as startPortalWith } from './portal.ts';
import { startServer, type Server } from './processes.ts';
import { mailDrainPhase } from './mail-drain.ts';
import { profilePortal } from './profiling.ts';
import { throughputTable, verdictLines, type Verdict } from './report.ts';
import { signInPhase } from './sign-in-phase.ts';
import { SIGN_IN_CLIENTS, createBenchClients, type BenchClients } from './sign-ins.ts';
import { ledgerPhase, type LedgerFigures } from './ledger-phase.ts';
import { housingPhase, type HousingFigures } from './housing-phase.ts';
import { importPhase, type ImportFigures } from './import-phase.ts';
import { notificationPhase } from './notifications-phase.ts';
import { searchPhase } from './search-phase.ts';
import { staffPhase } from './staff-phase.ts';
import { BENCH_STAFF, createBenchStaff } from './staff-sign-ins.ts';
import { mintSessions, rotatingCookies } from './sessions.ts';
import { ACCOUNT, HOME, NAMES, TENANT, expectPage, target } from './targets.ts';
import {
  housingVerdicts,
  importVerdicts,
  ledgerVerdicts,
  notificationVerdicts,
  searchVerdicts,
  signInVerdicts,
  staffVerdicts,
  throughputVerdicts,
  writeVerdicts,
} from './verdicts.ts';
import { analyzeNow, readWrites, waitForClientsToLeave } from './writes.ts';

const options = benchOptions();
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const cores = cpus().length;

function warnings(name: string, output: string): void {
  const lines = output.split('\n').filter((line) => /"level":[456]0/.test(line));
  if (lines.length > 0)
    say(`\n${name} logged ${lines.length} warnings or errors; the first:\n${lines.slice(0, 3).join('\n')}`);
}

const isMissed = (v: Verdict): boolean => v.status === 'MISS' || v.status === 'NOT MEASURED';

function loadLine(started: number): string {
  const [one, five] = loadavg().map((value) => value.toFixed(1));
  return `bench took ${Math.round((Date.now() - started) / 1000)} s; load average ${one} (1 min), ${five} (5 min)`;
}

async function main(): Promise<number> {
  const started = Date.now();
  say(`Okienko bench${options.quick ? ' (quick)' : ''}: Node ${process.version}, ${cores} × ${cpus()[0]?.model}`);
  say(
    `${options.connections} connections, no pipelining; ${options.rounds} interleaved rounds of ${options.duration} s ` +
      `per target after ${options.warmup} s of warm-up; ${options.sessions} sessions`,
  );
  if (loadavg()[0]! > cores / 2) {
    say(
      `WARNING: the machine is already busy (load average ${loadavg()[0]!.toFixed(1)} on ${cores} cores): noisy figures`,
    );
  }
  const db = await prepareBenchDatabase(options.databaseUrl, options.embedded);
  say(`database ${db.name} on PostgreSQL ${db.serverVersion}, ${db.source}`);
  const secrets = newPortalSecrets();
  const { sessionSecret } = secrets;
  const portalEnv = portalEnvironment(db.urls, secrets, options.poolMax);
  say(`portal: node ${[...portalCommand.nodeArgs, portalCommand.script].join(' ')} (as npm start)`);
  const startPortal = (nodeArgs: string[] = []): Promise<Server> => startPortalWith(portalEnv, nodeArgs);
  const baselines: Server[] = [];
  const databases = new Set<BenchDatabase>([db]);
  // Interrupted: still stop the baselines and drop the databases (the portals die with us, and
  // a Citus cluster with its exit hook). A second Ctrl-C leaves at once.
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say('\ninterrupted: cleaning up');
    void Promise.all(baselines.map((server) => server.stop()))
      .then(() => Promise.all([...databases].map((database) => database.drop())))
      .finally(() => process.exit(130));
  });
  const outputs: string[] = [];
  const citusOutputs = new Map<string, string>();
  /**
   * The Citus part, its single node a fresh bench database: `db` itself when the part runs
   * alone, else one made for it. Its verdicts; a failure is NOT MEASURED, not the bench's end.
   */
  const citusPart = async (fresh?: BenchDatabase): Promise<Verdict[]> => {
    let single = fresh;
    try {
      single ??= await prepareBenchDatabase(db.adminUrl, false, `${db.name}_single`);
      databases.add(single);
      const citus = await citusPhase({ options, single, secrets, say });
      for (const [name, output] of citus.outputs) citusOutputs.set(name, output);
      return citus.verdicts;
    } catch (error) {
      const failure = `the Citus part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${failure}`);
      return [{ status: 'NOT MEASURED', goal: CITUS_PAGE_GOAL, detail: failure.split('\n')[0]! }];
    } finally {
      if (single && single !== fresh) {
        await single.drop();
        databases.delete(single);
      }
    }
  };
  /** The counter's search at a million clients, last: its rows would weigh on every other part. */
  const searchPart = async (): Promise<Verdict[]> => {
    try {
      const search = await searchPhase({
        options,
        startPortal,
        adminUrl: db.benchAdminUrl,
        appUrl: db.urls.appUrl,
        sessionSecret,
        dataKey: Buffer.from(secrets.dataKey, 'base64'),
        say,
      });
      outputs.push(search.output);
      return searchVerdicts(search.figures, undefined);
    } catch (error) {
      const failure = `the search part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${failure}`);
      return searchVerdicts(undefined, failure.split('\n')[0]!);
    }
  };
  const baselineEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: db.urls.appUrl,
    DATABASE_POOL_MAX: String(options.poolMax),
  };
  const baseline = (name: string, readyPath: string) =>
    startServer({ name, script: `bench/baselines/${name}.ts`, env: baselineEnv, readyPath });
  /**
   * The ledger at ten million entries, then the housing pages and the import on the same
   * dataset; after the search, for the same reason.
   */
  const ledgerPart = async (): Promise<Verdict[]> => {
    let ledger: LedgerFigures | undefined;
    try {
      ledger = await ledgerPhase({
        adminUrl: db.benchAdminUrl,
        appUrl: db.urls.appUrl,
        entries: options.ledgerEntries,
        queries: options.ledgerQueries,
        say,
      });
    } catch (error) {
      const failure = `the ledger part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${failure}`);
      const missing = failure.split('\n')[0]!;
      return [
        ...ledgerVerdicts(undefined, missing),
        ...housingVerdicts(undefined, missing),
        ...importVerdicts(undefined, missing),
      ];
    }
    const { dataset } = ledger;
    let housing: HousingFigures | undefined;
    let housingMissing: string | undefined;
    try {
      housing = await housingPhase({
        options,
        dataset,
        adminUrl: db.benchAdminUrl,
        appUrl: db.urls.appUrl,
        sessionSecret,
        startPortal: (nodeArgs = [], env = {}) => startPortalWith({ ...portalEnv, ...env }, nodeArgs),
        startFortunes: () => baseline('fortunes', '/fortunes'),
        say,
      });
    } catch (error) {
      housingMissing = `the housing part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${housingMissing}`);
    }
    let imported: ImportFigures | undefined;
    let importMissing: string | undefined;
    try {
      imported = await importPhase(db.benchAdminUrl, db.urls.appUrl, dataset, say);
    } catch (error) {
      importMissing = `the import part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${importMissing}`);
    }
    return [
      ...ledgerVerdicts(ledger, undefined),
      ...housingVerdicts(housing, housingMissing?.split('\n')[0]),
      ...importVerdicts(imported, importMissing?.split('\n')[0]),
    ];
  };
  /** Payment notifications per second, through the portal's endpoint. */
  const notificationsPart = async (): Promise<Verdict[]> => {
    try {
      const figures = await notificationPhase({
        adminUrl: db.benchAdminUrl,
        database: db.name,
        appUrl: db.urls.appUrl,
        dataKey: Buffer.from(secrets.dataKey, 'base64'),
        notifications: options.notifications,
        connections: options.notificationConnections,
        startPortal: (env, nodeArgs) => startPortalWith({ ...portalEnv, ...env }, nodeArgs),
        profile: options.alwaysProfile ? 'always' : 'missed',
        say,
      });
      return notificationVerdicts(figures, undefined);
    } catch (error) {
      const failure = `the notifications part failed: ${(error as Error).stack ?? String(error)}`;
      say(`\n${failure}`);
      return notificationVerdicts(undefined, failure.split('\n')[0]!);
    }
  };
  try {
    if (options.only === 'ledger') {
      const verdicts = [...(await ledgerPart()), ...(await notificationsPart())];
      say('\nTargets');
      say(verdictLines(verdicts));
      say(`\n${loadLine(started)}`);
      return verdicts.some(isMissed) ? 1 : 0;
    }
    if (options.only === 'search') {
      const verdicts = await searchPart();
      say('\nTargets');
      say(verdictLines(verdicts));
      warnings('portal', outputs.join(''));
      say(`\n${loadLine(started)}`);
      return verdicts.some(isMissed) ? 1 : 0;
    }
    if (options.only === 'citus') {
      const verdicts = await citusPart(db);
      say('\nTargets');
      say(verdictLines(verdicts));
      for (const [name, output] of citusOutputs) warnings(name, output);
      say(`\n${loadLine(started)}`);
      return verdicts.some(isMissed) ? 1 : 0;
    }
    if (options.only === 'mail') {
      const verdict = await mailDrainPhase({ database: db, options, say });
      say('\nTargets');
      say(verdictLines([verdict]));
      return verdict.status === 'PASS' ? 0 : 1;
    }
    const pagesPart = options.only === undefined || options.only === 'pages';
    if (pagesPart) {
      const [hello, fortunes] = await Promise.all([baseline('hello', '/'), baseline('fortunes', '/fortunes')]);
      baselines.push(hello, fortunes);
      await expectPage(hello.origin, '/', { status: 200, contains: ['Hello, World!'] });
      const fortunePage = [
        '&lt;script&gt;alert(',
        'フレームワークのベンチマーク',
        '<td>0</td><td>Additional fortune added',
      ];
      await expectPage(fortunes.origin, '/fortunes', { status: 200, contains: fortunePage });
    }
    const [hello, fortunes] = baselines;

    await waitForClientsToLeave(db.adminUrl, db.name);
    const beforeMinting = await readWrites(db.benchAdminUrl, db.name);
    let cookies: string[] | undefined;
    let sessionsMissing: string | undefined;
    try {
      const mint = { appUrl: db.urls.appUrl, slug: TENANT, count: options.sessions, sessionSecret, secure: true };
      // The staff part alone signs no client's page views (its staff sessions are its own).
      if (options.only !== 'staff') cookies = await mintSessions(mint);
    } catch (error) {
      sessionsMissing = `could not mint sessions: ${(error as Error).message}`;
    }
    const accountTarget = (portal: Server) =>
      cookies && target(NAMES.account, portal.origin, [ACCOUNT], rotatingCookies(cookies));
    const verdicts: Verdict[] = [];
    let accountRps: number | undefined;

    if (pagesPart && hello && fortunes) {
      await analyzeNow(db.benchAdminUrl);
      await waitForClientsToLeave(db.adminUrl, db.name);
      const beforeAnonymous = await readWrites(db.benchAdminUrl, db.name);
      // The counter must see the rows just written, or no write figure below means anything.
      const minted = beforeAnonymous.total - beforeMinting.total;
      if (cookies && minted < cookies.length) {
        throw new Error(
          `the write counter saw ${minted} writes for ${cookies.length} sessions minted; not to be trusted`,
        );
      }

      const context: PhaseContext = { options, database: db, startPortal, say };
      const anonymous = await anonymousPhase(context, beforeAnonymous);
      const targetsOf = (portal: Server): TargetSet => ({
        account: accountTarget(portal),
        home: target(NAMES.home, portal.origin, [HOME]),
        fortunes: target(NAMES.fortunes, fortunes.origin, ['/fortunes']),
        hello: target(NAMES.hello, hello.origin, ['/']),
      });
      const rounds = await throughputPhase(context, targetsOf, cookies?.[0], anonymous.after);
      outputs.push(anonymous.output, rounds.output);

      const summaries = [NAMES.hello, NAMES.fortunes, NAMES.home, NAMES.account]
        .filter((name) => rounds.runs.some((run) => run.target === name))
        .map((name) => summarise(name, rounds.runs));
      accountRps = summaries.find((s) => s.target === NAMES.account)?.rps;
      say();
      say(
        throughputTable(
          summaries,
          summaries.find((s) => s.target === NAMES.fortunes),
        ),
      );
      say("(req/s: median of the runs, 2xx only; p50/p99: medians of the runs' percentiles)");
      verdicts.push(
        ...throughputVerdicts(summaries, sessionsMissing),
        ...writeVerdicts({
          anonymous,
          rounds: rounds.writes,
          anonymousViewsInRounds: rounds.anonymousViews,
          sessions: cookies?.length ?? 0,
          windowMs: rounds.windowMs,
          sessionsMissing,
        }),
      );
    }

    // After the counted phases: signing in writes (events, counters, sessions).
    const signInsPart = options.only === undefined || options.only === 'sign-ins';
    const staffPart = options.only === undefined || options.only === 'staff';
    let clients: BenchClients | undefined;
    let clientsMissing: string | undefined;
    if (signInsPart || staffPart) {
      try {
        clients = await createBenchClients(db.urls.appUrl, TENANT, SIGN_IN_CLIENTS);
      } catch (error) {
        clientsMissing = `could not make the bench clients: ${(error as Error).message}`;
      }
    }
    if (signInsPart) {
      let signIns: Awaited<ReturnType<typeof signInPhase>> | undefined;
      let signInsMissing = clientsMissing;
      try {
        if (clients) {
          signIns = await signInPhase({
            options,
            startPortal,
            clients,
            concurrency: Number(portalEnv.PASSWORD_HASH_CONCURRENCY),
            cookies,
            accountRps,
            say,
          });
          outputs.push(signIns.output);
        }
      } catch (error) {
        signInsMissing = `the sign-in runs failed: ${(error as Error).message}`;
        say(`\n${signInsMissing}`);
      }
      verdicts.push(...signInVerdicts(signIns?.figures, signInsMissing ?? sessionsMissing));
    }
    if (staffPart) {
      let staff: Awaited<ReturnType<typeof staffPhase>> | undefined;
      let staffMissing = clientsMissing;
      try {
        if (clients) {
          const members = await createBenchStaff(
            db.urls.appUrl,
            TENANT,
            BENCH_STAFF,
            Buffer.from(secrets.dataKey, 'base64'),
          );
          staff = await staffPhase({
            options,
            startPortal,
            appUrl: db.urls.appUrl,
            sessionSecret,
            staff: members,
            clients,
            concurrency: Number(portalEnv.PASSWORD_HASH_CONCURRENCY),
            say,
          });
          outputs.push(staff.output);
        }
      } catch (error) {
        staffMissing = `the staff runs failed: ${(error as Error).message}`;
        say(`\n${staffMissing}`);
      }
      verdicts.push(...staffVerdicts(staff?.figures, staffMissing));
    }
    if (options.only === undefined) verdicts.push(await mailDrainPhase({ database: db, options, say }));
    if (options.search) verdicts.push(...(await searchPart()));
    if (options.ledger) verdicts.push(...(await ledgerPart()), ...(await notificationsPart()));
    const citusVerdicts = options.citus ? await citusPart() : [];
    say('\nTargets');
    say(verdictLines([...verdicts, ...citusVerdicts]));

    const missed = [...verdicts, ...citusVerdicts].filter(isMissed);
    // Only a missed page target is profiled: a profile of the single-node portal under a page
    // would not explain a sign-in, staff or Citus miss (the Citus part prints its own counts).
    if (verdicts.some((v) => isMissed(v) && v.page) || options.alwaysProfile) {
      // The pages of the missed targets; asked for without a miss, the signed-in page.
      const pages = new Set(missed.flatMap((v) => (v.page ? [v.page] : [])));
      if (pages.size === 0) pages.add(cookies ? 'account' : 'home');
      const pageTargets = {
        account: accountTarget,
        home: (portal: Server) => target(NAMES.home, portal.origin, [HOME]),
      };
      const targetsToProfile = (portal: Server) => [...pages].flatMap((page) => pageTargets[page](portal) ?? []);
      say(`\n${await profilePortal(startPortal, targetsToProfile, options)}`);
    }
    warnings('portal', outputs.join(''));
    for (const [name, output] of citusOutputs) warnings(name, output);
    for (const server of baselines) warnings(server.name, server.output());
    say(`\n${loadLine(started)}`);
    return missed.length > 0 ? 1 : 0;
  } finally {
    await Promise.all(baselines.map((server) => server.stop()));
    await db.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
