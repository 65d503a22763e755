// The newcomer's two terminals: `npm start` on its embedded server in one, operator commands
// (and `npm run worker`) with the same DATA_DIR in the other. They use the portal's server and
// leave it running; a server that cannot be used is refused with its reason; and when the
// portal stops, its shutdown is undisturbed and whoever used its server is told so.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOwner } from '../../src/cli/owner.ts';
import { loadConfig } from '../../src/config.ts';
import { EmbeddedServerError, freePort } from '../../src/platform/db/embedded.ts';
import { eventually } from '../support/polling.ts';
import { killLeftovers, runEntryPoint, type Child } from '../process/child-process.ts';
import { createArgs } from './cli-harness.ts';

const DEMO_SLUGS = ['mesto-lipnik', 'mosir-zielonka', 'mzk-zielonka', 'sm-sloneczna', 'wm-lipowa'];

const made: string[] = [];
/** A data directory; as root the server runs as the OS user postgres, which must be able to enter it. */
function dataDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'okienko-beside-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

const dataDir = dataDirectory();
const env = (dir = dataDir): Record<string, string> => ({ NODE_ENV: 'development', DATA_DIR: dir, LOG_LEVEL: 'info' });
let portal: Child;
let base: string;

const postmasterPid = (dir = dataDir): string[] =>
  readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');

/** `npm run okienko -- …` in a second terminal: a process of its own, run to its end. */
async function okienko(args: string[], dir = dataDir): Promise<{ code: number | null; output: string }> {
  const child = runEntryPoint('src/cli/okienko.ts', env(dir), args);
  const { code } = await child.exited;
  return { code, output: child.output() };
}

beforeAll(async () => {
  const port = await freePort();
  portal = runEntryPoint('src/main.ts', { ...env(), PORT: String(port) });
  base = `http://127.0.0.1:${port}`;
  // The first start makes the server, the roles, the schema and the demo tenants.
  await eventually(async () => {
    if (portal.process.exitCode !== null) throw new Error(`the portal exited:\n${portal.output()}`);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 110_000);
}, 120_000);

afterAll(async () => {
  // A test that failed half-way may leave the portal running: it stops its own server.
  if (portal?.process.exitCode === null && portal.process.signalCode === null) {
    portal.process.kill('SIGTERM');
    await portal.exited;
  }
  killLeftovers();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('operator commands beside a running npm start (embedded server, same DATA_DIR)', () => {
  it("run on the portal's server and leave it serving", async () => {
    const [serverPid] = postmasterPid();

    const listed = await okienko(['tenant:list']);
    expect(listed.code, listed.output).toBe(0);
    for (const slug of DEMO_SLUGS) expect(listed.output).toMatch(new RegExp(`^${slug} `, 'm'));

    const created = await okienko(createArgs('osir-brzozow'));
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('URL path: /osir-brzozow/');
    // The running portal hears of it (NOTIFY) and serves the new tenant.
    await eventually(async () => expect((await fetch(`${base}/osir-brzozow/`)).status).toBe(200));

    // The commands have ended; the portal and its server run on, and it still queries.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(portal.process.exitCode).toBeNull();
    expect(postmasterPid()[0]).toBe(serverPid);
  }, 60_000);

  it('refuse a server that is shutting down or does not answer, saying so', async () => {
    // Another data directory whose postmaster.pid names the portal's live server, as if it
    // were stopping, or listening on a port where nothing answers.
    const elsewhere = dataDirectory();
    mkdirSync(path.join(elsewhere, 'postgres'));
    writeFileSync(path.join(elsewhere, 'postgres-password'), 'not the password\n', { mode: 0o600 });
    const pretend = (changes: Record<number, string>): void => {
      const lines = postmasterPid();
      for (const [line, value] of Object.entries(changes)) lines[Number(line)] = value;
      writeFileSync(path.join(elsewhere, 'postgres', 'postmaster.pid'), lines.join('\n'));
    };

    pretend({ 7: 'stopping' });
    const stopping = await okienko(['tenant:list'], elsewhere);
    expect(stopping.code).toBe(1);
    expect(stopping.output).toContain(`okienko tenant:list: The embedded PostgreSQL server of ${elsewhere}`);
    expect(stopping.output).toContain('is shutting down; run this again once that process has stopped.');

    const silentPort = await freePort();
    pretend({ 3: String(silentPort), 7: 'ready   ' });
    const silent = await okienko(['tenant:list'], elsewhere);
    expect(silent.code).toBe(1);
    expect(silent.output).toContain(`runs but does not answer on 127.0.0.1:${silentPort}`);
    // A message for the operator, not a stack.
    expect(silent.output).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('end with a clear reason when the portal stops, which stops undisturbed by their connections', async () => {
    const worker = runEntryPoint('src/worker.ts', env());
    await eventually(async () => {
      if (worker.process.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
      expect(worker.output()).toContain('worker running');
    }, 50_000);

    // A command in the middle of its work, connected to the portal's server, when the portal stops.
    let portalExit: Awaited<Child['exited']> | undefined;
    const command = withOwner(loadConfig(env(), 'cli'), async (owner) => {
      await owner.raw('SELECT 1');
      portal.process.kill('SIGTERM');
      portalExit = await portal.exited;
      await owner('tenants').count({ n: '*' });
    });
    await expect(command).rejects.toThrow(EmbeddedServerError);
    expect(portalExit).toEqual({ code: 0, signal: null });
    await expect(command).rejects.toThrow(/stopped while this process used it \(.+\): start that process again/);

    expect((await worker.exited).code).toBe(1);
    expect(worker.output()).toContain('stopped while this process used it');
  }, 90_000);
});
