// Runs an entry point (src/main.ts, src/worker.ts, src/cli/okienko.ts) as a real child process
// with an environment of its own, collecting what it prints and how it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

export function runEntryPoint(script: string, env: Record<string, string>, args: string[] = []): Child {
  // Only what is given: the test run's own DATABASE_URL and the like must not leak in.
  const child = spawn(process.execPath, [path.join(root, script), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { process: child, output: () => output, exited };
}

/** For afterAll: a child a failed test left running is killed, by its own pid. */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}
