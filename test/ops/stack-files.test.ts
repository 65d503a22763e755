// Dockerfile, docker-compose.yml and the Caddyfile, read for the mistakes that would only show
// on an operator's machine: a root container, devDependencies in the image, a directory the
// code reads left out, services started in the wrong order, cookies that never get Secure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { migrationsDir } from '../../src/platform/db/migrations.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { csrfCookieName } from '../../src/platform/http/csrf.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { viewsDir } from '../../src/platform/http/views.ts';
import { createI18n, localesDir } from '../../src/platform/i18n/i18n.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { useTestDatabase } from '../support/database.ts';
import { createActiveClient } from '../support/clients.ts';
import { createTenant } from '../support/factories.ts';
import { csrfTokenIn, newAgent, setCookie } from '../support/sessions.ts';
import {
  dockerEnv,
  dockerStages,
  loadCompose,
  parseEnvFile,
  readRepoFile,
  repoRoot,
  requiredComposeVariables,
} from './compose.ts';
import { freePort, run } from './processes.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';

const stages = dockerStages();
const final = stages.at(-1)!;
const finalArgs = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const template = parseEnvFile(readRepoFile('deploy/env.example'));
// The secrets an operator fills in (valid ones: loadConfig checks them below).
const filled = Object.fromEntries(
  requiredComposeVariables().map((name) => [
    name,
    name === 'SMTP_URL'
      ? 'smtp://mailpit:1025'
      : randomBytes(32).toString(name === 'DATA_KEY' ? 'base64' : name === 'SESSION_SECRET' ? 'base64url' : 'hex'),
  ]),
);
const compose = loadCompose({ ...template, ...filled });
const services = compose.services;
const okienkoServices = ['migrate', 'web', 'worker'];

describe('Dockerfile', () => {
  it('builds on Node 24 LTS slim and runs as a user other than root', () => {
    for (const stage of stages) expect(stage.from).toBe('node:24-bookworm-slim');
    expect(stages.length).toBeGreaterThan(1);
    const user = finalArgs('USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('installs production dependencies only, and none in the final stage', () => {
    const installs = stages.flatMap((s) => s.instructions).filter((i) => /\bnpm (ci|install|i)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/--omit=dev\b/);
    // sharp's native binaries are optional dependencies: leaving those out leaves sharp unable to load.
    for (const install of installs) expect(install.args).not.toMatch(/--omit[= ]optional\b|--no-optional\b/);
    expect(finalArgs('RUN').filter((args) => /\bnpm\b/.test(args))).toEqual([]);
    expect(finalArgs('COPY').some((args) => /--from=\S+ \S*node_modules/.test(args))).toBe(true);
  });

  it('copies every directory the code reads at run time, and .dockerignore keeps none of them out', () => {
    const copied = finalArgs('COPY')
      .filter((args) => !args.startsWith('--from'))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    const publicDir = path.resolve(viewsDir, '../public');
    const needed = [viewsDir, publicDir, localesDir, migrationsDir, path.join(repoRoot, 'package.json')];
    for (const dir of needed) {
      const relative = path.relative(repoRoot, dir);
      expect(
        copied.some((source) => relative === source || relative.startsWith(`${source}/`)),
        relative,
      ).toBe(true);
      expect(
        ignored.some((pattern) => relative === pattern || relative.startsWith(`${pattern}/`)),
        relative,
      ).toBe(false);
    }
    expect(ignored).toContain('.env');
  });

  it("sets NODE_ENV=production, and its CMD is the web service's command, which is `npm start`'s", () => {
    expect(dockerEnv(final).NODE_ENV).toBe('production');
    expect(JSON.parse(finalArgs('CMD').at(-1)!)).toEqual(services.web!.command);
    // One way to run the web process (its V8 flags included) wherever it runs; the bench reads it too.
    const { scripts } = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start!.split(' ')).toEqual(services.web!.command);
  });

  it('HEALTHCHECK asks /healthz with node itself, and fails when the answer is not OK', async () => {
    const check = finalArgs('HEALTHCHECK').at(-1);
    expect(check).toBeDefined();
    const argv = JSON.parse(check!.slice(check!.indexOf('CMD') + 3)) as string[];
    expect(argv[0]).toBe('node');
    let status = 200;
    const server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? status : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = `${(server.address() as { port: number }).port}`;
    try {
      expect((await run(argv, { ...dockerEnv(final), PORT: port })).code).toBe(0);
      status = 503;
      expect((await run(argv, { ...dockerEnv(final), PORT: port })).code).toBe(1);
    } finally {
      server.close();
    }
    expect((await run(argv, { ...dockerEnv(final), PORT: `${await freePort()}` })).code).toBe(1);
  });
});

describe('docker-compose.yml', () => {
  it('uses images and build contexts that exist', () => {
    expect(services.postgres!.image).toBe('postgres:17');
    expect(services.mailpit!.image).toMatch(/^axllent\/mailpit(:|$)/);
    expect(services.caddy!.image).toMatch(/^caddy:2/);
    for (const name of okienkoServices) {
      expect(services[name]!.build, name).toBe('.');
      expect(services[name]!.image, name).toBe(services.web!.image);
    }
    expect(existsSync(path.join(repoRoot, 'Dockerfile'))).toBe(true);
    for (const [name, service] of Object.entries(services)) {
      expect(service.image ?? service.build, name).toBeTruthy();
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./deploy/')) expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
      }
    }
  });

  it('starts in order: postgres healthy, then migrate to completion, then web and worker', () => {
    expect(services.postgres!.healthcheck?.test).toBeDefined();
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.migrate!.restart).toBe('no');
    for (const name of ['web', 'worker']) {
      expect(services[name]!.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services.caddy!.depends_on?.web).toEqual({ condition: 'service_healthy' });
    expect(services.web!.healthcheck?.disable).not.toBe(true);
  });

  it('runs background jobs in the worker service only', () => {
    expect(services.web!.environment!.WORKER_IN_PROCESS).toBe('false');
    expect(loadConfig(envOf('web')).workerInProcess).toBe(false);
    expect(loadConfig(envOf('worker'), 'worker').workerInProcess).toBe(true);
  });

  it('gives each service only the secrets it uses: the owner role to migrate alone', () => {
    const names = (service: string) => Object.keys(services[service]!.environment ?? {});
    expect(names('migrate')).toContain('DATABASE_OWNER_URL');
    for (const service of ['web', 'worker']) expect(names(service), service).not.toContain('DATABASE_OWNER_URL');
    expect(names('web')).toContain('SESSION_SECRET');
    for (const service of ['migrate', 'worker']) expect(names(service), service).not.toContain('SESSION_SECRET');
    expect(names('worker')).toContain('SMTP_URL');
    expect(names('web')).not.toContain('SMTP_URL');
    // And each still starts with what it is given.
    expect(loadConfig(envOf('worker'), 'worker').smtpUrl).toBeDefined();
    expect(loadConfig(envOf('migrate'), 'cli').database.ownerUrl).toMatch(/^postgres:\/\/okienko_owner:/);
  });

  it('takes every secret from .env, and the template lists each one empty so compose refuses to start', () => {
    const required = requiredComposeVariables();
    for (const secret of ['POSTGRES_PASSWORD', 'SESSION_SECRET', 'DATA_KEY']) expect(required).toContain(secret);
    for (const name of required) expect(template[name], `${name} in deploy/env.example`).toBe('');
    expect(() => loadCompose(template)).toThrow(/set \w+ in \.env/);
  });

  it('publishes only the proxy (and Mailpit on this machine): never the web, postgres or metrics', () => {
    expect(services.caddy!.ports).toEqual(expect.arrayContaining(['443:443']));
    for (const name of ['postgres', ...okienkoServices]) expect(services[name]!.ports, name).toBeUndefined();
    for (const port of services.mailpit!.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('passes docker-compose config -q (required in CI, where .ci/run installs it)', async () => {
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    // CI installs docker-compose (.ci/run) and must run this; a developer without it gets
    // everything else in this file, and this check only where REQUIRE_E2E marks a full run.
    if (probe.error) {
      expect(process.env.REQUIRE_E2E, 'docker-compose is not installed (apt-get install docker-compose)').not.toBe('1');
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'okienko-compose-'));
    try {
      writeFileSync(
        path.join(dir, '.env'),
        Object.entries(filled)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      const result = spawnSync(
        'docker-compose',
        ['--project-directory', repoRoot, '--env-file', `${dir}/.env`, 'config', '-q'],
        {
          cwd: repoRoot,
          encoding: 'utf8',
        },
      );
      expect(result.status, result.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The web service's environment from compose, as loadConfig would see it in the container. */
function envOf(name: string): Record<string, string> {
  const env = { ...dockerEnv(final), ...services[name]!.environment } as Record<string, unknown>;
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, `${value ?? ''}`]));
}

describe('Secure cookies through Caddy', () => {
  const db = useTestDatabase();

  it('Caddy terminates TLS and proxies to the web service on its port; PUBLIC_URL is https', () => {
    const caddyfile = readRepoFile('deploy/caddy/Caddyfile');
    expect(caddyfile).toMatch(/^\s*tls \{\$OKIENKO_TLS:internal\}/m);
    expect(caddyfile).toMatch(new RegExp(`^\\s*reverse_proxy web:${services.web!.environment!.PORT}\\b`, 'm'));
    // Caddy's own X-Forwarded-Proto must reach the app: no header_up rewriting it.
    expect(caddyfile).not.toMatch(/header_up\s+\S*X-Forwarded-Proto/i);
    expect(services.web!.environment!.PUBLIC_URL).toMatch(/^https:\/\//);
  });

  async function signInAsCaddyForwards(env: Record<string, string>): Promise<string | undefined> {
    const tenant = await createTenant(db.current.owner);
    const logger = createLogger('silent');
    const registry = new TenantRegistry(db.current.app, logger, TENANT_SETTINGS);
    await registry.reload();
    const config = loadConfig(env);
    const app = createApp({
      config,
      db: db.current.app,
      registry,
      i18n: createI18n(),
      logger,
      clock: systemClock,
    });
    const client = await createActiveClient(db.current.app, tenant.id);
    const agent = newAgent(app);
    const slug = tenant.input.slug;
    const form = await agent.get(`/${slug}/sign-in`).set('X-Forwarded-Proto', 'https').expect(200);
    const csrf = setCookie(form, csrfCookieName(tenant.input, true))!;
    // The Cookie header by hand: the agent keeps a Secure cookie to itself over plain HTTP.
    const signIn = await agent
      .post(`/${slug}/sign-in`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrf.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenIn(form.text), identifier: client.email, password: client.password })
      .expect(303);
    expect(signIn.headers.location).toBe(`/${slug}/account`);
    return setCookie(signIn, sessionCookieName(tenant.input, 'client', true));
  }

  it("with the web service's TRUST_PROXY, a sign-in over Caddy's HTTPS gets its Secure session cookie", async () => {
    const cookie = await signInAsCaddyForwards(envOf('web'));
    expect(cookie).toMatch(/^__Host-okienko\.session\..*; Secure/);
    // Without it express-session sees plain HTTP and sends no Secure cookie at all.
    const { TRUST_PROXY: _, ...untrusted } = envOf('web');
    expect(await signInAsCaddyForwards(untrusted)).toBeUndefined();
  });
});
