// The client's side of a payment through the real app (issue #20): the Pay page shows what is
// due; a double-clicked Pay makes one intent; the return page says what is known, honestly; a
// failed payment leaves the charge due; an abandoned intent expires after 30 minutes (the worker's
// job on the controllable clock); another client's account or payment is a 404; and the test
// provider does not exist in production.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { expireAbandonedIntents } from '../../src/features/payments/expiry.job.ts';
import type { PaymentProvider } from '../../src/features/payments/payment-provider.ts';
import { startPayment } from '../../src/features/payments/start-payment.service.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { createActiveClient } from '../support/clients.ts';
import { visibleText } from '../http/html.ts';
import { balanceOf, chooseAtProvider, DUE, intentRow, paymentsPortal, pressPay } from './payments-support.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));

const intentsOf = async (tenantId: string) =>
  withTenant(db.current.app, tenantId as never, (trx) => tenantRows(trx, 'payment_intents').select('id', 'state'));

describe("a client's payment", () => {
  it('shows what is due with a Pay button, and makes one intent however often the form is sent', async () => {
    const portal = await paymentsPortal(db.current, clock);
    const page = await portal.browser
      .get(`/${portal.slug}/account/payments/new?account=${portal.account.id}`)
      .expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Opłata za grudzień');
    expect(text).toContain('Zapłać 125,50 zł');
    const form = formIn(page.text, `/${portal.slug}/account/payments`);
    const clicks = await Promise.all([1, 2, 3].map(() => postForm(portal.browser, form)));
    expect(clicks.map((click) => click.status)).toEqual([303, 303, 303]);
    expect(new Set(clicks.map((click) => click.headers.location)).size).toBe(1);
    const intents = await intentsOf(portal.tenant.id);
    expect(intents).toEqual([{ id: expect.any(String), state: 'pending' }]);
    const shown = await portal.browser.get(String(clicks[0]!.headers.location)).expect(200);
    expect(visibleText(shown.text)).toContain('Czekamy, aż operator płatności potwierdzi płatność na kwotę 125,50 zł.');
    expect(visibleText(shown.text)).toContain('Przejdź do strony płatności');
  });

  it('says the payment was not sent when the provider does not answer, and offers to pay again', async () => {
    const portal = await paymentsPortal(db.current, clock);
    // A provider that is down: every registration is refused, as a connection would be.
    const down: PaymentProvider = {
      name: 'down',
      register: () => Promise.reject(new Error('connect ECONNREFUSED')),
      parseNotification: () => ({ kind: 'malformed' }),
      verify: () => Promise.resolve(false),
      answer: () => ({ status: 200, contentType: 'text/plain', body: 'OK' }),
    };
    const deps = {
      db: db.current.app,
      clock,
      providers: new Map([[down.name, down]]),
      publicUrl: 'https://p.test',
      accountPayers: [],
      creditFollowUps: [],
    };
    const context = { tenant: portal.tenant, actor: { kind: 'system' as const, job: 'test' }, requestId: 'test' };
    const payment = {
      clientId: portal.client.id,
      accountId: portal.account.id,
      idempotencyKey: 'one-click-of-a-pay-form-0001',
      email: portal.client.email!,
      language: 'pl' as const,
      provider: down.name,
    };
    const outcome = await startPayment(deps, context, payment);
    expect(outcome).toEqual({ kind: 'started', intentId: expect.any(String) });
    // The second click of the same form finds that intent and asks the provider again.
    expect(await startPayment(deps, context, payment)).toEqual(outcome);
    expect(await intentsOf(portal.tenant.id)).toEqual([
      { id: (outcome as { intentId: string }).intentId, state: 'created' },
    ]);
    const page = await portal.browser
      .get(`/${portal.slug}/account/payments/${(outcome as { intentId: string }).intentId}`)
      .expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('nie została jeszcze przekazana operatorowi płatności');
    expect(text).toContain('Zapłać ponownie');
    expect(text).not.toContain('Przejdź do strony płatności');
    expect(await balanceOf(db.current, portal)).toBe(DUE);
  });

  it('says failed after a failed payment, and leaves the charge due', async () => {
    const portal = await paymentsPortal(db.current, clock);
    const intentId = await pressPay(portal);
    const provider = await chooseAtProvider(db.current, portal, intentId, 'fail');
    expect(visibleText(provider.text)).toContain('Testowa płatność została odrzucona.');
    // Until the notification arrives the page says pending, not failed.
    const before = await portal.browser.get(`/${portal.slug}/account/payments/${intentId}`).expect(200);
    expect(visibleText(before.text)).toContain('Płatność oczekuje');
    expect(await balanceOf(db.current, portal)).toBe(DUE);
  });

  it('expires an intent abandoned for 30 minutes, and not before', async () => {
    // The intents of the tests before this one (in this database, of other tenants) are closed first.
    await expireAbandonedIntents({ db: db.current.worker, clock: controllableClock(new Date('2100-01-01')) });
    const portal = await paymentsPortal(db.current, clock);
    const intentId = await pressPay(portal);
    await chooseAtProvider(db.current, portal, intentId, 'abandon');
    const job = { db: db.current.worker, clock: controllableClock(clock.now()) };
    job.clock.advance(30 * 60_000 - 1);
    expect(await expireAbandonedIntents(job)).toBe(0);
    job.clock.advance(1);
    expect(await expireAbandonedIntents(job)).toBe(1);
    expect((await intentRow(db.current, portal.tenant, intentId)).state).toBe('expired');
    const page = await portal.browser.get(`/${portal.slug}/account/payments/${intentId}`).expect(200);
    expect(visibleText(page.text)).toContain('nie została dokończona na czas');
    const list = await portal.browser.get(`/${portal.slug}/account/payments`).expect(200);
    expect(visibleText(list.text)).toContain('niedokończona');
  });

  it("answers 404 for another client's account and payment, and for ids that are none", async () => {
    const portal = await paymentsPortal(db.current, clock);
    const intentId = await pressPay(portal);
    const other = await createActiveClient(db.current.app, portal.tenant.id);
    const stranger = newAgent(portal.app);
    await signInAs(stranger, portal.slug, other);
    await stranger.get(`/${portal.slug}/account/payments/new?account=${portal.account.id}`).expect(404);
    await stranger.get(`/${portal.slug}/account/payments/${intentId}`).expect(404);
    await stranger.get(`/${portal.slug}/account/payments/not-an-id`).expect(404);
    await stranger.get(`/${portal.slug}/account/payments/new?account=nothing`).expect(404);
    const elsewhere = await paymentsPortal(db.current, clock);
    await elsewhere.browser.get(`/${elsewhere.slug}/account/payments/new?account=${portal.account.id}`).expect(404);
  });

  it('says there is nothing to pay once the charge is paid meanwhile (409, nothing made)', async () => {
    const portal = await paymentsPortal(db.current, clock);
    const page = await portal.browser.get(`/${portal.slug}/account/payments/new?account=${portal.account.id}`);
    const form = formIn(page.text, `/${portal.slug}/account/payments`);
    const system = { tenant: portal.tenant, actor: { kind: 'system' as const, job: 'test' }, requestId: 't' };
    const { postPayment } = await import('../../src/features/money/index.ts');
    await withTenant(db.current.app, portal.tenant.id, (trx) =>
      postPayment(trx, system, {
        accountId: portal.account.id,
        amount: DUE,
        currency: 'PLN',
        bookedOn: '2026-12-11',
        title: 'Wpłata',
        source: 'cash',
        receiptNumber: 'K-1',
      }),
    );
    const answer = await postForm(portal.browser, form);
    expect(answer.status).toBe(409);
    expect(visibleText(answer.text)).toContain('Na tym koncie nie ma teraz nic do zapłaty.');
    expect(await intentsOf(portal.tenant.id)).toEqual([]);
  });
});

describe('the test provider’s page', () => {
  it('is a 404 for a session id no provider makes, a NUL in it included', async () => {
    const portal = await paymentsPortal(db.current, clock);
    for (const session of ['%00', 'a%0Ab', 'x'.repeat(101)]) {
      await portal.browser.get(`/_test-provider/${portal.tenant.id}/${session}`).expect(404);
    }
  });
});

describe('the test provider in production', () => {
  it('is refused: no pages, no notifications, no Pay', async () => {
    const portal = await paymentsPortal(db.current, clock);
    const intentId = await pressPay(portal);
    const intent = await intentRow(db.current, portal.tenant, intentId);
    const { app } = await createTestApp(db.current, { clock, env: 'production' });
    const page = new URL(intent.redirect_url as string).pathname;
    const browser = newAgent(app);
    await browser.get(page).set('x-forwarded-proto', 'https').expect(404);
    await browser.post(`/${portal.slug}/payments/notifications/test`).send('{}').expect(404);
  });
});
