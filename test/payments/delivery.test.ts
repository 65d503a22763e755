// The whole round trip on one machine (issue #20): the app listens on a port (its PUBLIC_URL),
// the client pays at the test provider's page, and the worker's real delivery job posts the
// signed notification to the portal over HTTP. While the portal is down the notification waits
// and is tried again later (backoff on the controllable clock); nothing is lost.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { deliverTestNotifications } from '../../src/features/payments/test-provider/delivery.job.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { visibleText } from '../http/html.ts';
import { balanceOf, chooseAtProvider, DUE, paymentEntries, paymentsPortal, pressPay } from './payments-support.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A port that answers nothing yet: the portal "down". */
async function reservedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

const job = () => ({
  db: db.current.worker,
  clock,
  logger: createLogger('silent'),
  config: { env: 'test' as const, dataKey: TEST_DATA_KEY },
});

const queued = (tenantId: string) =>
  withTenant(db.current.app, tenantId as never, (trx) =>
    tenantRows(trx, 'test_provider_notifications').select('status', 'attempts'),
  );

describe("the test provider's notifications", () => {
  it('are delivered by the worker once the portal is up, credited once', async () => {
    const port = await reservedPort();
    const portal = await paymentsPortal(db.current, clock, { publicUrl: `http://127.0.0.1:${port}` });
    const intentId = await pressPay(portal);
    await chooseAtProvider(db.current, portal, intentId, 'pay');

    // The portal is down: the notification is kept for later.
    expect(await deliverTestNotifications(job())).toBe(1);
    expect(await queued(portal.tenant.id)).toEqual([{ status: 'queued', attempts: 1 }]);
    expect(await deliverTestNotifications(job())).toBe(0);
    expect(await paymentEntries(db.current, portal)).toBe(0);

    const server = createServer(portal.app);
    servers.push(server);
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    clock.advance(60_000);
    expect(await deliverTestNotifications(job())).toBe(1);
    expect(await queued(portal.tenant.id)).toEqual([{ status: 'delivered', attempts: 2 }]);
    expect(await paymentEntries(db.current, portal)).toBe(1);
    expect(await balanceOf(db.current, portal)).toBe(DUE - DUE);

    const page = await portal.browser.get(`/${portal.slug}/account/payments/${intentId}`).expect(200);
    expect(visibleText(page.text)).toContain('Płatność otrzymana');
  });

  it('are refused in production: nothing is delivered', async () => {
    expect(await deliverTestNotifications({ ...job(), config: { env: 'production', dataKey: TEST_DATA_KEY } })).toBe(0);
  });
});
