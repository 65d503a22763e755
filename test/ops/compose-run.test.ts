// docker-compose.yml, run natively: no Docker here, so each service's command runs as a process
// of this machine with the environment compose would give it (from deploy/env.example plus
// the secrets an operator fills in), the service host names pointed at this machine. The
// postgres service's part is its init script, run by psql against a fresh database, as the
// image runs it after creating POSTGRES_DB. What only Docker can show (the image builds, the
// containers reach each other by name, the healthchecks' timing) is not covered here.
//
// The roles are cluster-wide and other test files use them at the same time, so the init
// script is given the very passwords the test run's roles already have (TEST_ROLE_SECRET):
// it sets them again, and nobody else notices.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { roleUrlsFor } from '../../src/platform/db/roles.ts';
import { TEST_ROLE_SECRET } from '../support/constants.ts';
import { dockerEnv, dockerStages, loadCompose, parseEnvFile, readRepoFile, type ComposeService } from './compose.ts';
import { exitWithin, freePort, libpqEnv, requireClientTools, run, start, waitFor, type Running } from './processes.ts';

const adminUrl = inject('adminUrl');
const database = `${inject('databasePrefix')}ops_${randomBytes(4).toString('hex')}`;
const roles = roleUrlsFor(adminUrl, TEST_ROLE_SECRET);
const password = (url: string): string => decodeURIComponent(new URL(url).password);

// What the operator writes into .env: the template, with its empty secrets filled in.
const dotEnv = {
  ...parseEnvFile(readRepoFile('deploy/env.example')),
  POSTGRES_PASSWORD: 'not-used-by-this-test',
  OKIENKO_OWNER_PASSWORD: password(roles.ownerUrl),
  OKIENKO_APP_PASSWORD: password(roles.appUrl),
  OKIENKO_WORKER_PASSWORD: password(roles.workerUrl),
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  DATA_KEY: randomBytes(32).toString('base64'),
  SMTP_URL: 'smtp://mailpit:1025',
};
const compose = loadCompose(dotEnv);
const imageEnv = dockerEnv(dockerStages().at(-1)!);

async function admin<T>(work: (client: pg.Client) => Promise<T>, db = 'postgres'): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(adminUrl, db) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The service's environment as its container sees it, with compose's host names pointed here. */
async function serviceEnv(service: ComposeService): Promise<Record<string, string>> {
  const env: Record<string, string> = { ...imageEnv };
  for (const [name, value] of Object.entries(service.environment ?? {})) env[name] = value === null ? '' : `${value}`;
  const server = new URL(adminUrl);
  for (const [name, value] of Object.entries(env)) {
    if (!/^postgres(ql)?:\/\//.test(value)) continue;
    const url = new URL(value);
    expect(url.hostname, `${name} points at the postgres service`).toBe('postgres');
    expect(url.pathname, `${name} names the database the postgres service creates`).toBe(
      `/${compose.services.postgres!.environment!.POSTGRES_DB}`,
    );
    url.host = server.host;
    url.pathname = `/${database}`;
    env[name] = url.toString();
  }
  // Nothing listens there: no mail is queued in this test, and none must be sent elsewhere.
  if (env.SMTP_URL) env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
  // Ports of their own, as every container has; this machine is shared.
  if (env.PORT) env.PORT = `${await freePort()}`;
  if (env.METRICS_PORT) env.METRICS_PORT = `${await freePort()}`;
  env.HOST = '127.0.0.1';
  return env;
}

const running: Running[] = [];
function startService(name: string, env: Record<string, string>): Running {
  const service = start(compose.services[name]!.command!, env);
  running.push(service);
  return service;
}

beforeAll(async () => {
  const server = await admin((c) => c.query<{ v: string }>('SHOW server_version_num'));
  requireClientTools(['psql'], Math.floor(Number(server.rows[0]!.v) / 10_000));
  // What the postgres image's entrypoint does before it runs the init scripts.
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
});

afterAll(async () => {
  for (const service of running) service.child.kill('SIGKILL');
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});

describe('docker-compose.yml, each service run natively', () => {
  it('postgres: the init script makes the owner own the database and schema, and the roles restricted', async () => {
    const postgresEnv = compose.services.postgres!.environment as Record<string, string>;
    const [script] = compose.services
      .postgres!.volumes!.filter((volume) => volume.includes('/docker-entrypoint-initdb.d/'))
      .map((volume) => volume.split(':')[0]!);
    expect(script).toBeDefined();
    const result = await run(['bash', script!], {
      ...postgresEnv,
      ...libpqEnv(adminUrl),
      POSTGRES_USER: decodeURIComponent(new URL(adminUrl).username),
      POSTGRES_DB: database,
    });
    expect(result.code, result.output).toBe(0);

    const owners = await admin(
      (c) =>
        c.query(`SELECT pg_get_userbyid(d.datdba) AS database_owner,
                        (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public') AS schema_owner,
                        has_database_privilege('okienko_app', current_database(), 'CONNECT') AS app_connect,
                        has_database_privilege('okienko_worker', current_database(), 'CONNECT') AS worker_connect
                   FROM pg_database d WHERE d.datname = current_database()`),
      database,
    );
    expect(owners.rows[0]).toEqual({
      database_owner: 'okienko_owner',
      schema_owner: 'okienko_owner',
      app_connect: true,
      worker_connect: true,
    });
    const attributes = await admin((c) =>
      c.query(`SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles
                WHERE rolname LIKE 'okienko\\_%' ORDER BY rolname`),
    );
    expect(attributes.rows).toEqual(
      ['okienko_app', 'okienko_owner', 'okienko_worker'].map((rolname) => ({
        rolname,
        rolcanlogin: true,
        rolsuper: false,
        rolbypassrls: false,
        rolcreatedb: false,
        rolcreaterole: false,
      })),
    );
  });

  it('web: refuses to start before migrate has run (why it waits for migrate)', async () => {
    const web = startService('web', await serviceEnv(compose.services.web!));
    const result = await exitWithin(web, 20_000);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/pending migrations/);
  });

  it('migrate: applies the migrations as the owner, and running it again is harmless', async () => {
    const env = await serviceEnv(compose.services.migrate!);
    const first = await run(compose.services.migrate!.command!, env);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Applied/);
    const again = await run(compose.services.migrate!.command!, env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/up to date/);
  });

  it('web: production config from compose starts, is alive and ready, and stops cleanly on SIGTERM', async () => {
    const env = await serviceEnv(compose.services.web!);
    const web = startService('web', env);
    const base = `http://127.0.0.1:${env.PORT}`;
    const healthz = await waitFor('/healthz', async () => {
      if (web.child.exitCode !== null) throw new Error(`web exited:\n${web.output()}`);
      const response = await fetch(`${base}/healthz`).catch(() => undefined);
      return response?.ok ? response.json() : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${web.output()}`);
    });
    expect(healthz).toEqual({ status: 'ok' });
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });
    // No tenants yet (tenant:create comes from the CLI): an empty directory, not an error.
    expect((await fetch(`${base}/`)).status).toBe(200);
    // Metrics on their own port (compose never publishes it), not on the public one.
    expect((await fetch(`http://127.0.0.1:${env.METRICS_PORT}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);

    web.child.kill('SIGTERM');
    const result = await exitWithin(web, 30_000);
    expect(result.code, result.output).toBe(0);
  });

  it('worker: starts, serves its metrics on METRICS_PORT, and stops cleanly on SIGTERM', async () => {
    const env = await serviceEnv(compose.services.worker!);
    const worker = startService('worker', env);
    // Scraping reads the outbox as the worker role: an answer means the database works too.
    const metrics = await waitFor("the worker's /metrics", async () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      const response = await fetch(`http://127.0.0.1:${env.METRICS_PORT}/metrics`).catch(() => undefined);
      return response?.ok ? response.text() : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${worker.output()}`);
    });
    expect(metrics).toMatch(/^okienko_/m);
    expect(worker.child.exitCode).toBeNull();

    worker.child.kill('SIGTERM');
    const result = await exitWithin(worker, 30_000);
    expect(result.code, result.output).toBe(0);
  });
});
