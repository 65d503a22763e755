// The real entry point as a child process: the package.json script, the exit codes reaching
// the shell, and database commands through the real process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { cliEnv } from './cli-harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const db = useTestDatabase();

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

function spawn(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run okienko', () => {
  it('prints the command list for --help', async () => {
    const result = await spawn('npm', ['run', '--silent', 'okienko', '--', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tenant:create');
    expect(result.stdout).toContain('migrate');
  });

  it('exits 2 for an unknown command', async () => {
    const result = await spawn(process.execPath, ['src/cli/okienko.ts', 'no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "no-such-command"');
  });

  it('exits 1 when a database command fails', async () => {
    const argv = ['src/cli/okienko.ts', 'tenant:set', '--slug', 'nie-ma', '--name', 'Nikt'];
    const result = await spawn(process.execPath, argv, cliEnv(db.current));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('there is no tenant "nie-ma"');
  });

  it('lists tenants from the configured database', async () => {
    await db.current.owner('tenants').delete();
    const result = await spawn(process.execPath, ['src/cli/okienko.ts', 'tenant:list', '--json'], cliEnv(db.current));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});

describe('npm run migrate', () => {
  it('is the migrate command, --status included', async () => {
    const result = await spawn(process.execPath, ['src/cli/migrate.ts', '--status'], cliEnv(db.current));
    expect(result).toMatchObject({ code: 0, stdout: 'The schema is up to date: no pending migrations.\n' });
  });
});
