// The metrics listener: a port of its own serving Prometheus text, with HTTP latency labelled
// by route template (never a slug or an id), the database pools and the mail outbox depth.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { watchOutbox, watchPool } from '../../src/platform/metrics/database-metrics.ts';
import { startMetricsServer, type MetricsServer } from '../../src/platform/metrics/metrics-server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';

const db = useTestDatabase();
let tenant: CreatedTenant;
let portal: TestApp;
let metrics: MetricsServer;
const unwatch: (() => void)[] = [];

beforeAll(async () => {
  tenant = await createTenant(db.current.owner);
  portal = await createTestApp(db.current);
  unwatch.push(watchPool('app', db.current.app), watchOutbox(db.current.worker));
  metrics = await startMetricsServer({ port: 0, host: '127.0.0.1', logger: createLogger('silent') });
});

afterAll(async () => {
  for (const stop of unwatch) stop();
  await metrics?.stop();
});

async function scrape(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The label sets of one metric's series, e.g. every {method, route, status} of the latency histogram. */
function seriesOf(text: string, name: string): Record<string, string>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!])));
}

describe('the metrics listener', () => {
  it('labels requests by route template and status class, never by slug or id', async () => {
    const slug = tenant.input.slug;
    await request(portal.app).get(`/${slug}/`).expect(200);
    await request(portal.app).get(`/${slug}/accessibility`).expect(200);
    await request(portal.app).get(`/${slug}/no-such-page-${randomUUID()}`).expect(404);
    await request(portal.app).get(`/no-such-tenant-${randomUUID()}`).expect(404);
    await request(portal.app).get('/healthz').expect(200);

    const text = await scrape();
    const series = seriesOf(text, 'okienko_http_request_duration_seconds_count');
    expect(series).toEqual(
      expect.arrayContaining([
        { method: 'GET', route: '/:tenant/', status: '2xx' },
        { method: 'GET', route: '/:tenant/accessibility', status: '2xx' },
        { method: 'GET', route: 'unmatched', status: '4xx' },
        { method: 'GET', route: '/healthz', status: '2xx' },
      ]),
    );
    expect(text).not.toContain(slug);
    expect(text).not.toMatch(/no-such|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('reports the app pool and the outbox depth by status, read when scraped', async () => {
    const before = await scrape();
    const queuedBefore = Number(/^okienko_mail_outbox_depth\{status="queued"\} (\d+)$/m.exec(before)?.[1]);
    expect(queuedBefore).toBe(0);
    for (const status of ['sent', 'dead', 'dropped']) {
      expect(before).toMatch(new RegExp(`^okienko_mail_outbox_depth\\{status="${status}"\\} 0$`, 'm'));
    }
    await withTenant(db.current.owner, tenant.id, (trx) =>
      trx('mail_outbox').insert({
        id: randomUUID(),
        idempotency_key: randomUUID(),
        recipient: 'someone@example.test',
        template: 'test',
        locale: 'pl',
        next_attempt_at: new Date(),
        created_at: new Date(),
      }),
    );
    const after = await scrape();
    expect(after).toMatch(/^okienko_mail_outbox_depth\{status="queued"\} 1$/m);
    expect(seriesOf(after, 'okienko_db_pool_connections').map((labels) => labels.state)).toEqual(
      expect.arrayContaining(['used', 'free', 'pending']),
    );
    expect(after).toMatch(/^okienko_db_pool_connections\{pool="app",state="used"\} \d+$/m);
    // Default process metrics are collected into the same registry.
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers 404 to anything but GET /metrics', async () => {
    expect((await fetch(`http://127.0.0.1:${metrics.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metrics.port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('is not served on the public port', async () => {
    await request(portal.app).get('/metrics').expect(404);
  });
});
