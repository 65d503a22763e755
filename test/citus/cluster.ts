// A Citus cluster for the scale tests (npm run test:citus): a coordinator and two workers of
// the machine's PostgreSQL with the Citus extension, each on a free loopback port, all in one
// temporary directory that stopping removes, also when the process ends early (a failure,
// process.exit, Ctrl-C). It is a test cluster: trust authentication on loopback only.
//
// Citus keeps its list of nodes per database, so a database is made on every node and joined
// up by createClusterDatabase. A test file's database is a copy of one migrated at the start of
// the run, made on every node from that node's part of it (cloneClusterDatabase).
//
// The runner (test/citus/run.ts) hands the cluster to vitest in the environment
// (citusEnvironment); a test that stops a worker mid-request attaches to it from there
// (citusClusterFromEnvironment, attachCitusCluster).
//
//   node test/citus/cluster.ts      starts one, prints its environment, stops it on Ctrl-C
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { freePort } from '../../src/platform/db/embedded.ts';

const HOST = '127.0.0.1';
/** As root, the servers run as this OS user: PostgreSQL refuses to run as root. */
const SERVER_USER = 'postgres';
const SUPERUSER = 'postgres';

const CITUS_ENVIRONMENT = {
  coordinatorUrl: 'CITUS_COORDINATOR_URL',
  workerUrls: 'CITUS_WORKER_URLS',
  dir: 'CITUS_CLUSTER_DIR',
} as const;

export interface CitusNode {
  host: string;
  port: number;
  /** Superuser URL of the node's postgres database. */
  url: string;
}

export interface CitusClusterAddress {
  /** Superuser URL of the coordinator's postgres database. */
  coordinatorUrl: string;
  workers: CitusNode[];
  /** Where the nodes keep their data, when this machine runs them: what stopping one needs. */
  dir?: string;
}

/** 'fast' ends the node's sessions and shuts it down cleanly; 'immediate' is a crash. */
export type StopMode = 'fast' | 'immediate';

export interface CitusNodeControl {
  /** Stops worker `index` (0-based, as in `workers`). */
  stopNode(index: number, mode?: StopMode): Promise<void>;
  /** Starts worker `index` again on its port, and waits until it accepts connections. */
  startNode(index: number): Promise<void>;
}

export interface CitusCluster extends CitusClusterAddress, CitusNodeControl {
  dir: string;
  /** Stops every node and removes the directory. */
  stop(): Promise<void>;
}

export interface PostgresInstallation {
  bindir: string;
  libdir: string;
}

/**
 * The PostgreSQL that Citus is built for, chosen as ../shared/citus/build.sh chooses it:
 * PG_CONFIG, else the newest under /usr/lib/postgresql, else pg_config on the PATH.
 */
export function postgresInstallation(): PostgresInstallation {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((name) => /^\d+$/.test(name) && existsSync(`/usr/lib/postgresql/${name}/bin/pg_config`))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const pgConfig =
    process.env.PG_CONFIG ?? (versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin/pg_config` : 'pg_config');
  const ask = (option: string): string => {
    const result = spawnSync(pgConfig, [option], { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new Error(
        `${pgConfig} ${option} failed: is PostgreSQL's server installed? (${result.error ?? result.stderr})`,
      );
    }
    return result.stdout.trim();
  };
  return { bindir: ask('--bindir'), libdir: ask('--pkglibdir') };
}

export function citusLibrary(installation: PostgresInstallation): string {
  return path.join(installation.libdir, 'citus.so');
}

const runningAsRoot = (): boolean => userInfo().uid === 0;

/** A PostgreSQL program as the server's OS user, run in `cwd` (which that user can enter). */
function serverCommand(program: string, args: string[]): [string, string[]] {
  return runningAsRoot() ? ['runuser', ['-u', SERVER_USER, '--', program, ...args]] : [program, args];
}

async function runServerProgram(program: string, args: string[], cwd: string): Promise<void> {
  const [command, argv] = serverCommand(program, args);
  const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${path.basename(program)} ${args.join(' ')} exited with ${code}:\n${output}`);
}

const nodeNames = (workers: number): string[] => [
  'coordinator',
  ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`),
];

const dataDirOf = (dir: string, name: string): string => path.join(dir, name);
const logFileOf = (dir: string, name: string): string => path.join(dir, `${name}.log`);
const isRunning = (dataDir: string): boolean => existsSync(path.join(dataDir, 'postmaster.pid'));

function nodeSettings(port: number, dataDir: string): string {
  return `
# A node of the scale tests' Citus cluster (test/citus/cluster.ts)
port = ${port}
listen_addresses = '${HOST}'
unix_socket_directories = '${dataDir}'
shared_preload_libraries = 'citus'
# Four shards per distributed table instead of 32: distributing a table is quicker, and four
# shards over two workers spread the tenants all the same.
citus.shard_count = 4
# A throwaway test cluster: nothing in it has to survive a crash of the machine.
fsync = off
`;
}

/** Settings of the caller's, after the cluster's own: the later line of postgresql.conf wins. */
export type NodeSettings = Record<string, string>;

function settingLines(settings: NodeSettings): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name} = '${value.replaceAll("'", "''")}'\n`)
    .join('');
}

async function initNode(
  installation: PostgresInstallation,
  dir: string,
  name: string,
  port: number,
  settings: NodeSettings,
): Promise<void> {
  const dataDir = dataDirOf(dir, name);
  const initdb = path.join(installation.bindir, 'initdb');
  const args = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
  await runServerProgram(initdb, args, dir);
  appendFileSync(path.join(dataDir, 'postgresql.conf'), nodeSettings(port, dataDir) + settingLines(settings));
}

async function startNodeIn(installation: PostgresInstallation, dir: string, name: string): Promise<void> {
  const pgCtl = path.join(installation.bindir, 'pg_ctl');
  const logFile = logFileOf(dir, name);
  try {
    await runServerProgram(pgCtl, ['-D', dataDirOf(dir, name), '-l', logFile, '-w', '-t', '60', 'start'], dir);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
    throw new Error(`The Citus node ${name} did not start; the end of ${logFile}:\n${log}`, { cause: error });
  }
}

async function stopNodeIn(
  installation: PostgresInstallation,
  dir: string,
  name: string,
  mode: StopMode = 'fast',
): Promise<void> {
  const dataDir = dataDirOf(dir, name);
  if (!isRunning(dataDir)) return;
  await runServerProgram(path.join(installation.bindir, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop'], dir);
}

/** Clusters this process started and has not stopped: what the exit hook stops. */
const started = new Map<string, { installation: PostgresInstallation; names: string[] }>();

/** A crash stop of every node, then the directory goes: synchronous, so that it can run at exit. */
function stopNow(dir: string): void {
  const { installation, names } = started.get(dir)!;
  for (const name of names) {
    if (!isRunning(dataDirOf(dir, name))) continue;
    const pgCtl = path.join(installation.bindir, 'pg_ctl');
    const [command, argv] = serverCommand(pgCtl, ['-D', dataDirOf(dir, name), '-m', 'immediate', '-w', 'stop']);
    spawnSync(command, argv, { cwd: dir, stdio: 'ignore' });
  }
  rmSync(dir, { recursive: true, force: true });
}

function stopStartedClustersNow(): void {
  for (const dir of started.keys()) stopNow(dir);
  started.clear();
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// By default a signal ends Node without running 'exit' listeners: turn it into an exit. A
// process that listens for the signal itself (the bench, which first drops its databases)
// exits in its own time, and the exit hook stops the clusters then.
const exitOnSignal = (signal: NodeJS.Signals): void => {
  if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
};

function track(dir: string, installation: PostgresInstallation, names: string[]): void {
  if (started.size === 0) {
    process.on('exit', stopStartedClustersNow);
    for (const signal of EXIT_SIGNALS) process.on(signal, exitOnSignal);
  }
  started.set(dir, { installation, names });
}

function untrack(dir: string): void {
  started.delete(dir);
  if (started.size === 0) {
    process.off('exit', stopStartedClustersNow);
    for (const signal of EXIT_SIGNALS) process.off(signal, exitOnSignal);
  }
}

function serverUser(): { uid: number; gid: number } {
  const id = (flag: string): number => {
    const result = spawnSync('id', [flag, SERVER_USER], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`As root the cluster runs as the OS user ${SERVER_USER}, who is missing`);
    return Number(result.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const superuserUrl = (port: number): string => `postgres://${SUPERUSER}@${HOST}:${port}/postgres`;

function workerIn(dir: string | undefined, index: number, workers: number): string {
  if (!dir) throw new Error('This Citus cluster runs elsewhere: its nodes cannot be stopped from here');
  if (!Number.isInteger(index) || index < 0 || index >= workers) throw new Error(`There is no worker ${index}`);
  return `worker-${index + 1}`;
}

/** Stopping and starting the workers of a cluster on this machine, from any process. */
export function attachCitusCluster(cluster: CitusClusterAddress): CitusNodeControl {
  const installation = postgresInstallation();
  const count = cluster.workers.length;
  return {
    stopNode: (index, mode) => stopNodeIn(installation, cluster.dir!, workerIn(cluster.dir, index, count), mode),
    startNode: async (index) => {
      const name = workerIn(cluster.dir, index, count);
      if (!isRunning(dataDirOf(cluster.dir!, name))) await startNodeIn(installation, cluster.dir!, name);
    },
  };
}

/**
 * Starts a coordinator and `workers` workers in a new temporary directory; `settings` go into
 * every node's postgresql.conf after the cluster's own, and so override them.
 */
export async function startCitusCluster(
  options: { workers?: number; settings?: NodeSettings } = {},
): Promise<CitusCluster> {
  const installation = postgresInstallation();
  if (!existsSync(citusLibrary(installation))) {
    throw new Error(`Citus is not installed: no ${citusLibrary(installation)} (npm run test:citus builds it)`);
  }
  const names = nodeNames(options.workers ?? 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-citus-'));
  track(dir, installation, names);
  try {
    if (runningAsRoot()) {
      const { uid, gid } = serverUser();
      chownSync(dir, uid, gid);
    }
    const ports = await distinctFreePorts(names.length);
    await Promise.all(names.map((name, i) => initNode(installation, dir, name, ports[i]!, options.settings ?? {})));
    await Promise.all(names.map((name) => startNodeIn(installation, dir, name)));
    const [coordinatorPort, ...workerPorts] = ports;
    const address: CitusClusterAddress = {
      coordinatorUrl: superuserUrl(coordinatorPort!),
      workers: workerPorts.map((port) => ({ host: HOST, port, url: superuserUrl(port) })),
      dir,
    };
    return {
      ...address,
      dir,
      ...attachCitusCluster(address),
      stop: async () => {
        if (!started.has(dir)) return;
        await Promise.all(names.map((name) => stopNodeIn(installation, dir, name)));
        rmSync(dir, { recursive: true, force: true });
        untrack(dir);
      },
    };
  } catch (error) {
    stopNow(dir);
    untrack(dir);
    throw error;
  }
}

/** What the runner hands to vitest, read back by citusClusterFromEnvironment. */
export function citusEnvironment(cluster: CitusClusterAddress): Record<string, string> {
  return {
    [CITUS_ENVIRONMENT.coordinatorUrl]: cluster.coordinatorUrl,
    [CITUS_ENVIRONMENT.workerUrls]: cluster.workers.map((worker) => worker.url).join(','),
    ...(cluster.dir ? { [CITUS_ENVIRONMENT.dir]: cluster.dir } : {}),
  };
}

/** The cluster named by the environment, or undefined when it names none (plain PostgreSQL). */
export function citusClusterFromEnvironment(env: NodeJS.ProcessEnv = process.env): CitusClusterAddress | undefined {
  const coordinatorUrl = env[CITUS_ENVIRONMENT.coordinatorUrl];
  if (!coordinatorUrl) return undefined;
  const workerUrls = (env[CITUS_ENVIRONMENT.workerUrls] ?? '').split(',').filter(Boolean);
  if (workerUrls.length === 0) {
    throw new Error(`${CITUS_ENVIRONMENT.coordinatorUrl} is set but ${CITUS_ENVIRONMENT.workerUrls} names no worker`);
  }
  const workers = workerUrls.map((url) => {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: Number(parsed.port || 5432), url };
  });
  return { coordinatorUrl, workers, dir: env[CITUS_ENVIRONMENT.dir] || undefined };
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The superuser URLs of every node, the coordinator's first. */
export function nodeUrls(cluster: CitusClusterAddress): string[] {
  return [cluster.coordinatorUrl, ...cluster.workers.map((worker) => worker.url)];
}

/** Runs work on each URL, waiting for all of them even when some fail; then throws the first failure. */
async function onEach(urls: string[], work: (url: string) => Promise<unknown>): Promise<void> {
  const failure = (await Promise.allSettled(urls.map(work))).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Runs the statements in turn on one connection; resolves with the last one's rows. */
async function runOn(url: string, statements: [string, unknown[]?][]): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'okienko citus setup' });
  await client.connect();
  try {
    let rows: Record<string, unknown>[] = [];
    for (const [sql, values] of statements) ({ rows } = await client.query(sql, values));
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * Creates the database on every node and makes it one Citus database: the extension on the
 * workers first (the coordinator's citus_add_node expects it there), then on the coordinator,
 * which is told its own address and the workers'. With `owner`, that role (already on every
 * node) owns the database and its public schema on each node, so it can create the shards of
 * its tables there. Returns the superuser URL of the database on the coordinator. With
 * `join: false` the database is made on every node but stays plain PostgreSQL until
 * joinClusterDatabase.
 */
export async function createClusterDatabase(
  cluster: CitusClusterAddress,
  name: string,
  options: { owner?: string; join?: boolean } = {},
): Promise<string> {
  const database = quoteIdentifier(name);
  const owner = options.owner ? quoteIdentifier(options.owner) : undefined;
  const coordinator = databaseUrlFor(cluster.coordinatorUrl, name);
  try {
    await onEach(nodeUrls(cluster), (url) =>
      runOn(url, [[`CREATE DATABASE ${database}${owner ? ` OWNER ${owner}` : ''}`]]),
    );
    // Before the extension, so that Citus, which would propagate it, is not yet involved.
    if (owner) {
      await onEach(nodeUrls(cluster), (url) =>
        runOn(databaseUrlFor(url, name), [[`ALTER SCHEMA public OWNER TO ${owner}`]]),
      );
    }
    if (options.join ?? true) await joinClusterDatabase(cluster, name);
    return coordinator;
  } catch (error) {
    await dropClusterDatabase(cluster, name).catch(() => undefined);
    throw error;
  }
}

/**
 * Installs the extension in the database on every node and adds the workers: what turns a
 * database made on the coordinator alone into one Citus database (createClusterDatabase does it
 * unless `join: false`; a test of converting a database in place does it later).
 */
export async function joinClusterDatabase(cluster: CitusClusterAddress, name: string): Promise<void> {
  const { hostname, port } = new URL(cluster.coordinatorUrl);
  await onEach(
    cluster.workers.map((worker) => databaseUrlFor(worker.url, name)),
    (url) => runOn(url, [['CREATE EXTENSION citus']]),
  );
  await runOn(databaseUrlFor(cluster.coordinatorUrl, name), [
    ['CREATE EXTENSION citus'],
    ['SELECT citus_set_coordinator_host($1, $2)', [hostname, Number(port || 5432)]],
    ...cluster.workers.map((worker): [string, unknown[]] => [
      'SELECT citus_add_node($1, $2)',
      [worker.host, worker.port],
    ]),
  ]);
}

const UNDEFINED_DATABASE = '3D000';

const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** What ALTER DATABASE … SET gave the database on the node for every role alike (not ALTER ROLE … IN DATABASE). */
async function settingsOf(url: string, database: string): Promise<{ name: string; value: string }[]> {
  const rows = await runOn(url, [
    [
      `SELECT split_part(setting, '=', 1) AS name, substr(setting, strpos(setting, '=') + 1) AS value
         FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) AS setting
        WHERE d.datname = $1 AND s.setrole = 0`,
      [database],
    ],
  ]);
  return rows as { name: string; value: string }[];
}

/**
 * Makes a migrated cluster database the template of others (cloneClusterDatabase): closed to
 * connections on every node, and the sessions in it ended, Citus's maintenance daemon among
 * them, since PostgreSQL copies a database only while nobody is connected to it.
 */
export async function sealClusterTemplate(cluster: CitusClusterAddress, name: string): Promise<void> {
  const database = quoteIdentifier(name);
  await onEach(nodeUrls(cluster), (url) => runOn(url, [[`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`]]));
  await onEach(nodeUrls(cluster), (url) =>
    runOn(url, [['SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]]]),
  );
}

/**
 * A copy of a sealed template on every node: each node copies its own part (the coordinator its
 * catalog of shards, a worker its shards and their metadata), and Citus reaches the other nodes
 * by the database's own name, so the copies make one cluster database together. A few seconds,
 * where migrating one takes many times that. Returns the superuser URL on the coordinator.
 */
export async function cloneClusterDatabase(
  cluster: CitusClusterAddress,
  template: string,
  name: string,
  owner: string,
): Promise<string> {
  const database = quoteIdentifier(name);
  const sql = `CREATE DATABASE ${database} TEMPLATE ${quoteIdentifier(template)} OWNER ${quoteIdentifier(owner)}`;
  try {
    await onEach(nodeUrls(cluster), (url) => runOn(url, [[sql]]));
    // The copy has the contents, not what ALTER DATABASE … SET gave the template (Citus's
    // propagation of SET LOCAL, for one): those are given to it again, on each node.
    await onEach(nodeUrls(cluster), async (url) => {
      const settings = await settingsOf(url, template);
      await runOn(
        url,
        settings.map(({ name: setting, value }) => [
          `ALTER DATABASE ${database} SET ${quoteIdentifier(setting)} = ${quoteLiteral(value)}`,
        ]),
      );
    });
  } catch (error) {
    await dropClusterDatabase(cluster, name).catch(() => undefined);
    throw error;
  }
  return databaseUrlFor(cluster.coordinatorUrl, name);
}

const OBJECT_IN_USE = '55006';
const DROP_ATTEMPTS = 5;

/**
 * DROP ... WITH (FORCE) ends the database's sessions and then waits 5 s for them to exit. On a
 * loaded machine a Citus backend ended mid-work can take longer, and the DROP fails with
 * "being accessed by other users": the node is asked again after a pause.
 */
async function dropOn(url: string, database: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runOn(url, [[`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]]);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt === DROP_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/**
 * Drops the database on every node. Each node's Citus maintenance daemon keeps connections
 * into the database on the other nodes and opens them again when they are ended, so that a
 * DROP ... WITH (FORCE) could wait seconds and then fail: the database is first closed to new
 * connections everywhere.
 */
export async function dropClusterDatabase(cluster: CitusClusterAddress, name: string): Promise<void> {
  const database = quoteIdentifier(name);
  await onEach(nodeUrls(cluster), (url) =>
    runOn(url, [[`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`]]).catch((error: { code?: string }) => {
      if (error.code !== UNDEFINED_DATABASE) throw error;
    }),
  );
  await onEach(nodeUrls(cluster), (url) => dropOn(url, database));
}

if (import.meta.main) {
  const cluster = await startCitusCluster();
  for (const [name, value] of Object.entries(citusEnvironment(cluster))) console.log(`export ${name}='${value}'`);
  console.log('# Citus cluster running; Ctrl-C stops it and removes its directory');
  // The exit hook stops it; keep the process (and so the cluster) alive until a signal.
  setInterval(() => undefined, 1 << 30);
}
