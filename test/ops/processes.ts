// Running the compose services' commands as child processes, and the PostgreSQL client tools
// the operators' scripts use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from './compose.ts';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<Finished>;
}

/** Starts argv as the container would (cwd = the image's WORKDIR, the repository here). */
export function start(argv: string[], env: Record<string, string>): Running {
  const [command, ...args] = argv;
  // `node` in the image is Node 24: here, the Node running the tests.
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, output: () => output, exited };
}

export async function run(argv: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Finished> {
  const running = start(argv, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The exit of a process, or a rejection naming what it printed if it does not exit in time. */
export async function exitWithin(running: Running, ms: number): Promise<Finished> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      running.child.kill('SIGKILL');
      reject(new Error(`did not exit within ${ms} ms:\n${running.output()}`));
    }, ms);
  });
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until probe gives a value; an error thrown by probe ends the wait at once. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** libpq's environment for a postgres:// URL, as the operators' scripts are given it. */
export function libpqEnv(url: string): Record<string, string> {
  const parsed = new URL(url);
  return {
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
  };
}

/**
 * The client tools must exist and be at least the server's major version (pg_dump refuses an
 * older client). Failing here names the fix instead of failing obscurely later.
 */
export function requireClientTools(tools: string[], serverMajor: number): void {
  for (const tool of tools) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (probe.error) throw new Error(`${tool} is not installed: apt-get install postgresql-client`);
    const major = Number(/(\d+)(?:\.\d+)?/.exec(probe.stdout)?.[1]);
    if (major < serverMajor) {
      throw new Error(`${tool} ${major} is older than the PostgreSQL ${serverMajor} server under test`);
    }
  }
}
