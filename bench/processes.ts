// The servers under load, each a child process started alike: the portal exactly as
// production runs it (`node src/main.ts`), and the baselines (`node bench/baselines/*.ts`).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/platform/db/embedded.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The portal's command as `npm start` runs it (package.json; the image and compose run the same): node's flags and the script. */
export function portalStartCommand(): { nodeArgs: string[]; script: string } {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = scripts.start!.split(' ');
  const script = args.pop();
  if (node !== 'node' || !script?.endsWith('.ts'))
    throw new Error(`npm start is not "node [flags] script": ${scripts.start}`);
  return { nodeArgs: args, script };
}

export interface Server {
  name: string;
  /** http://127.0.0.1:port, without a trailing slash. */
  origin: string;
  /** The child's process id (for its CPU time in /proc). */
  pid: number;
  /** Everything the process wrote, kept short. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Path answered with 200 once the server is ready. */
  readyPath: string;
  nodeArgs?: string[];
}

const running = new Set<ChildProcess>();
// Last resort: never leave a server behind, whatever way the bench ends.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The environment of a child: ours stays out of it, so nothing configures the portal by accident. */
function childEnvironment(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG'];
  const base = Object.fromEntries(keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
  return { ...base, ...extra };
}

async function waitUntilReady(origin: string, readyPath: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${origin}${readyPath}`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`not ready after 30 s:\n${output()}`);
}

export async function startServer({ name, script, env, readyPath, nodeArgs = [] }: StartOptions): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: repoRoot,
    env: childEnvironment({ ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: origin }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // A graceful stop lets the pools close (and a --cpu-prof profile be written).
    const graceful = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!graceful) {
      process.stderr.write(`${name} did not stop within 15 s of SIGTERM; killing it\n`);
      child.kill('SIGKILL');
      await exited;
    }
  };
  try {
    await waitUntilReady(origin, readyPath, child, () => log);
  } catch (error) {
    await stop();
    throw new Error(`${name} did not start: ${(error as Error).message}`, { cause: error });
  }
  return { name, origin, pid: child.pid!, output: () => log, stop };
}
