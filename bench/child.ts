// A timed loop in a child process of its own (the bare baselines of the mail drain and the
// sign-ins): it prints one JSON line last, which is its result.
import { spawn } from 'node:child_process';
import { repoRoot } from './processes.ts';

export function runChild<T>(script: string, env: Record<string, string>, nodeOptions = ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: nodeOptions, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as T);
      else reject(new Error(`${script} exited with ${code}:\n${out.slice(-2_000)}`));
    });
  });
}
