// PostgreSQL goes away under load and comes back: the portal stays up, answers a branded,
// translated 503 with Retry-After (never a 500), says it is not ready, keeps its background
// jobs and metrics alive, and recovers by itself — no restart — once the server is back.
// Meanwhile a tenant's home page, read from memory, still tells visitors where its front
// desks are.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrations.ts';
import { bootstrapRoles } from '../../src/platform/db/roles.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { RETRY_AFTER_SECONDS } from '../../src/platform/http/error-handler.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { watchOutbox } from '../../src/platform/metrics/database-metrics.ts';
import { startMetricsServer, type MetricsServer } from '../../src/platform/metrics/metrics-server.ts';
import { listen, type HttpServer } from '../../src/platform/process/http-server.ts';
import { startHousekeeping, type Housekeeping } from '../../src/platform/jobs/housekeeping.ts';
import type { MailWorker } from '../../src/platform/mail/mail-worker.ts';
import { queueMailCheck, testMailWorker, testOutbox } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { testAppConfig } from '../support/app.ts';
import { TEST_ROLE_SECRET, unknownResetLinkPath } from '../support/constants.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { headingOne, htmlAttribute, stylesheets, visibleText } from '../http/html.ts';
import { eventually } from '../support/polling.ts';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.ts';
import { PURGES, TENANT_SETTINGS } from '../../src/features/index.ts';

const STACK_LINE = /\bat (?:async )?\S+ \(|node:internal|\.ts:\d+:\d+/;
const logger = createLogger('silent');

let postgres: OwnPostgres;
let owner: Knex, app: Knex, worker: Knex;
let registry: TenantRegistry;
let server: HttpServer;
let metrics: MetricsServer;
let housekeeping: Housekeeping;
let mailWorker: MailWorker;
let sink: SmtpSink;
let appUrl: string;
let tenant: CreatedTenant;
let base: string;
const unhandled: unknown[] = [];
const onUnhandled = (error: unknown) => void unhandled.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  postgres = await startOwnPostgres();
  const urls = await bootstrapRoles(databaseUrlFor(postgres.url, 'okienko'), TEST_ROLE_SECRET);
  owner = createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'outage owner', logger });
  await migrateToLatest(owner);
  tenant = await createTenant(owner, { defaultLocale: 'cs', timeZone: 'Europe/Prague' });
  await owner.destroy();

  app = createDatabase({ url: urls.appUrl, poolMax: 4, applicationName: 'outage app', logger });
  worker = createDatabase({ url: urls.workerUrl, poolMax: 2, applicationName: 'outage worker', logger });
  registry = new TenantRegistry(app, logger, TENANT_SETTINGS);
  await registry.reload();
  await registry.watch(urls.appUrl);
  const handler = createApp({
    config: testAppConfig('production'),
    db: app,
    registry,
    i18n: createI18n(),
    logger,
    clock: systemClock,
  });
  server = await listen(handler, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  watchOutbox(worker);
  metrics = await startMetricsServer({ port: 0, host: '127.0.0.1', logger });
  // The worker's jobs run against the same outage, often, so a failure would show here.
  housekeeping = startHousekeeping({ purges: PURGES, db: worker, clock: systemClock, logger, everyMs: 200 });
  // The mail worker too: it must come back by itself, its LISTEN connection included. Its
  // poll is set to an hour, so only a notification (or its reconnect) can make it send.
  sink = await startSmtpSink();
  appUrl = urls.appUrl;
  mailWorker = testMailWorker(
    { worker, urls },
    { smtpUrl: sink.url, clock: systemClock, registry, pollEveryMs: 3_600_000, logger },
  );
  await mailWorker.start();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await metrics?.stop();
  await housekeeping?.stop();
  await mailWorker?.stop();
  await sink?.stop();
  await registry?.close();
  await Promise.all([app?.destroy(), worker?.destroy()]);
  await postgres?.remove();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

/** Concurrent visitors on a page that needs the database until stopped, counting the statuses seen. */
function startLoad(concurrency: number) {
  const statuses = new Map<number, number>();
  let running = true;
  const visitor = async () => {
    while (running) {
      try {
        const response = await fetch(`${base}${unknownResetLinkPath(tenant.input.slug)}`);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1); // no answer at all
      }
    }
  };
  const visitors = Array.from({ length: concurrency }, visitor);
  return {
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(visitors);
    },
  };
}

async function get(path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('when PostgreSQL goes away under load', () => {
  it('answers a branded 503 and not-ready, stays up, and recovers once it is back', async () => {
    const home = `/${tenant.input.slug}/`;
    const probe = unknownResetLinkPath(tenant.input.slug);
    expect((await get(home)).status).toBe(200);
    const load = startLoad(8);
    await eventually(async () => expect(load.statuses.get(410)).toBeGreaterThan(20));

    await postgres.stop();
    const down = await eventually(async () => {
      const page = await get(probe);
      expect(page.status).toBe(503);
      return page;
    });
    // The tenant is still known (the registry is in memory): its name, branding and language.
    expect(htmlAttribute(down.text, 'lang')).toBe('cs');
    expect(headingOne(down.text)).toBe('Dočasně nedostupné');
    expect(visibleText(down.text)).toContain(tenant.input.name);
    expect(stylesheets(down.text)).toContain(`/${tenant.input.slug}/brand.css`);
    expect(down.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(down.headers.get('cache-control')).toBe('no-store');
    expect(down.text).not.toMatch(STACK_LINE);
    expect(down.text).not.toMatch(/ECONNREFUSED|57P0|terminat|127\.0\.0\.1/i);
    expect(headingOne((await get(`${probe}&lang=en`)).text)).toBe('Temporarily unavailable');
    expect(headingOne((await get(`${probe}&lang=pl`)).text)).toBe('Chwilowa przerwa w działaniu');
    // The home page needs no database once its front desks are in memory: where to go in person.
    const homeWhileDown = await get(home);
    expect(homeWhileDown.status).toBe(200);
    expect(visibleText(homeWhileDown.text)).toContain(tenant.desks[0]!.name);

    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.text)).toEqual({ status: 'not ready', reason: 'database unreachable' });
    expect((await get('/healthz')).status).toBe(200);
    // A scrape still answers; the outbox depth is simply not reported while it cannot be read.
    const scrape = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).not.toMatch(/^okienko_mail_outbox_depth\{/m);
    // Let the load and the jobs keep hitting the dead server for a while.
    const failedSoFar = load.statuses.get(503) ?? 0;
    await eventually(async () => expect(load.statuses.get(503)).toBeGreaterThan(failedSoFar + 50));

    await postgres.start();
    await eventually(async () => expect((await get(probe)).status).toBe(410));
    await eventually(async () => expect((await get('/readyz')).status).toBe(200));
    // Every visitor's connection pool slot works again, not just one.
    const servedBefore = load.statuses.get(410) ?? 0;
    await eventually(async () => expect(load.statuses.get(410)).toBeGreaterThan(servedBefore + 50));
    await load.stop();

    // Only the page's own answer and "temporarily unavailable" were ever given: no 500, no dropped request.
    expect([...load.statuses.keys()].sort()).toEqual([410, 503]);
    expect(unhandled).toEqual([]);
  }, 120_000);

  it('the mail worker is listening again afterwards: a mail queued after the outage leaves at once', async () => {
    const app = createDatabase({ url: appUrl, poolMax: 1, applicationName: 'outage mail', logger });
    try {
      await queueMailCheck(app, testOutbox(systemClock), tenant.id, { to: 'after.outage@example.test' });
    } finally {
      await app.destroy();
    }
    const [mail] = await sink.waitFor(1, 20_000);
    expect(mail!.envelopeTo).toEqual(['after.outage@example.test']);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
