// SIGTERM on the real entry points: `npm start` stops taking connections, finishes the
// requests in flight and exits 0; `npm run worker` (here in production, without a session
// secret) exits 0 too; WORKER_IN_PROCESS=false leaves the jobs to that worker.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { withClient } from '../support/connections.ts';
import { unknownResetLinkPath } from '../support/constants.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { eventually } from '../support/polling.ts';
import { killLeftovers, runEntryPoint, type Child } from './child-process.ts';

const db = useTestDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'okienko-shutdown-'));
let tenant: CreatedTenant;

beforeAll(async () => {
  // A tenant of our own, so the portal does not seed the demo ones into this database.
  tenant = await createTenant(db.current.owner);
});

afterAll(() => {
  killLeftovers();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The portal on this file's database, connecting as its three roles (nothing bootstrapped on the shared server). */
function portalEnv(extra: Record<string, string>): Record<string, string> {
  const { ownerUrl, appUrl, workerUrl } = db.current.urls;
  return {
    NODE_ENV: 'development',
    DATABASE_OWNER_URL: ownerUrl,
    DATABASE_URL: appUrl,
    DATABASE_WORKER_URL: workerUrl,
    SESSION_SECRET: 's'.repeat(32),
    DATA_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * The portal on free ports. A port found free can be taken before the portal binds it (it is in
 * the range the kernel hands out for outgoing connections, and other test files run beside this
 * one), so a start that fails on an address in use is tried again on other ports.
 */
async function startPortal(
  ports: { metrics?: true } = {},
  extra: Record<string, string> = {},
): Promise<{ child: Child; base: string; metricsPort: number | undefined }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const metricsPort = ports.metrics ? await freePort() : undefined;
    const env = { PORT: String(port), ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}), ...extra };
    const child = runEntryPoint('src/main.ts', portalEnv(env));
    const base = `http://127.0.0.1:${port}`;
    try {
      await eventually(async () => {
        if (child.process.exitCode !== null) throw new Error(`the portal exited:\n${child.output()}`);
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
      });
      return { child, base, metricsPort };
    } catch (error) {
      if (attempt >= 3 || !child.output().includes('EADDRINUSE')) throw error;
    }
  }
}

/** Queries of the portal's web pool that wait on a lock: requests the server is in the middle of. */
async function webQueriesWaitingOnLock(): Promise<number> {
  // As a superuser: other roles' wait events are hidden from the owner.
  const { rows } = await withClient(db.current.adminUrl, (client) =>
    client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'okienko web' AND wait_event_type = 'Lock'`,
    ),
  );
  return rows[0]!.n;
}

describe('npm start on SIGTERM', () => {
  it('stops accepting, finishes the requests in flight with their answers, and exits 0', async () => {
    const { child, base, metricsPort } = await startPortal({ metrics: true });
    expect(child.output()).toContain('background jobs running');
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(await scrape.text()).toMatch(/^okienko_db_pool_connections\{pool="app",state="used"\}/m);

    // Hold the table a reset link is looked up in, so those requests stay in flight for as long as we like.
    const lock = await db.current.owner.transaction();
    let inFlight: Promise<number[]>;
    try {
      await lock.raw('LOCK TABLE account_tokens IN ACCESS EXCLUSIVE MODE');
      inFlight = Promise.all(
        Array.from({ length: 6 }, () =>
          fetch(`${base}${unknownResetLinkPath(tenant.input.slug)}`).then(async (response) => {
            await response.text();
            return response.status;
          }),
        ),
      );
      await eventually(async () => expect(await webQueriesWaitingOnLock()).toBe(6));

      child.process.kill('SIGTERM');
      // New connections are refused once the listener is closed...
      await eventually(async () => {
        await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      });
      expect(child.process.exitCode).toBeNull();
    } finally {
      await lock.rollback();
    }
    // ...and the requests already taken are answered once their query can go on (the link
    // was never sent, so the answer is "this link does not work", not a dropped connection).
    expect(await inFlight).toEqual([410, 410, 410, 410, 410, 410]);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).toMatch(/"msg":"stopped"/);
  }, 60_000);

  it('runs no background jobs with WORKER_IN_PROCESS=false', async () => {
    const { child } = await startPortal({}, { WORKER_IN_PROCESS: 'false' });
    child.process.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).not.toContain('background jobs running');
  }, 60_000);
});

describe('npm run worker', () => {
  it('starts in production without SESSION_SECRET and exits 0 on SIGTERM', async () => {
    const metricsPort = await freePort();
    const { appUrl, workerUrl } = db.current.urls;
    const child = runEntryPoint('src/worker.ts', {
      NODE_ENV: 'production',
      DATABASE_URL: appUrl,
      DATABASE_WORKER_URL: workerUrl,
      DATA_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: 'https://okienko.example',
      // Nothing is queued, so nothing connects to it.
      SMTP_URL: 'smtp://127.0.0.1:9',
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
    });
    await eventually(async () => {
      if (child.process.exitCode !== null) throw new Error(`the worker exited:\n${child.output()}`);
      expect(child.output()).toContain('background jobs running');
    });
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^okienko_mail_outbox_depth\{status="queued"\} 0$/m);
    child.process.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('refuses to start with a clear message when the configuration is wrong', async () => {
    const child = runEntryPoint('src/worker.ts', { NODE_ENV: 'production', WORKER_IN_PROCESS: 'yes' });
    expect(await child.exited).toEqual({ code: 1, signal: null });
    expect(child.output()).toMatch(/^Invalid configuration:/m);
    expect(child.output()).toMatch(/- WORKER_IN_PROCESS: must be true, false, 1 or 0/);
    expect(child.output()).not.toMatch(/SESSION_SECRET/);
    expect(child.output()).not.toMatch(/\bat \S+ \(/);
  }, 30_000);
});
