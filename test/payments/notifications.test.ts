// Notifications through the real app (issue #20): a client presses Pay, pays at the test
// provider's page, and the provider's notification is posted as the provider posts it. A replay
// credits once, fifty at once credit once; a wrong signature, amount, currency or session changes
// nothing (and is recorded for staff); the provider always gets its answer.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { visibleText } from '../http/html.ts';
import {
  balanceOf,
  chooseAtProvider,
  DUE,
  intentRow,
  notificationFor,
  paymentEntries,
  paymentsPortal,
  pressPay,
  signedNotification,
  type PaymentsPortal,
} from './payments-support.ts';

const db = useTestDatabase({ appPoolMax: 20 });
const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));

const post = (portal: PaymentsPortal, notification: { body: string; signature: string }) =>
  portal.browser
    .post(`/${portal.slug}/payments/notifications/test`)
    .set('content-type', 'application/json')
    .set('x-test-provider-signature', notification.signature)
    .send(notification.body);

async function paidAtProvider() {
  const portal = await paymentsPortal(db.current, clock);
  const intentId = await pressPay(portal);
  await chooseAtProvider(db.current, portal, intentId, 'pay');
  return { portal, intentId };
}

const outcomes = (portal: PaymentsPortal) =>
  withTenant(db.current.app, portal.tenant.id, (trx) =>
    tenantRows(trx, 'payment_notifications').orderBy('received_at').pluck('outcome'),
  );

describe('a notification of the test provider', () => {
  it('credits once when replayed 100 times, and the provider gets OK each time', async () => {
    const { portal, intentId } = await paidAtProvider();
    const notification = await notificationFor(db.current, portal, intentId);
    for (let i = 0; i < 100; i += 1) {
      const answer = await post(portal, notification);
      expect([answer.status, answer.text]).toEqual([200, 'OK']);
    }
    expect(await paymentEntries(db.current, portal)).toBe(1);
    expect(await balanceOf(db.current, portal)).toBe(0);
    expect((await intentRow(db.current, portal.tenant, intentId)).state).toBe('paid');
    const recorded = await outcomes(portal);
    expect(recorded.filter((outcome) => outcome === 'credited')).toHaveLength(1);
    expect(recorded.filter((outcome) => outcome === 'duplicate')).toHaveLength(99);
    const page = await portal.browser.get(`/${portal.slug}/account/payments/${intentId}`).expect(200);
    expect(visibleText(page.text)).toContain('Płatność na kwotę 125,50 zł została otrzymana i zaliczona na koncie.');
  });

  it('credits once when 50 arrive at once', async () => {
    const { portal, intentId } = await paidAtProvider();
    const notification = await notificationFor(db.current, portal, intentId);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(portal, notification)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(await paymentEntries(db.current, portal)).toBe(1);
    expect(await balanceOf(db.current, portal)).toBe(0);
    expect((await outcomes(portal)).filter((outcome) => outcome === 'credited')).toHaveLength(1);
  });

  it.each([
    ['a wrong signature', 'badSignature'],
    ['an amount one grosz short', 'mismatch'],
    ['another currency', 'mismatch'],
    ['an unknown session', 'unknownSession'],
    ['a body that is not JSON', 'malformed'],
    ['a session id with a NUL in it', 'malformed'],
    ['a body signed for another merchant', 'unknownSession'],
  ])('changes nothing for %s, recorded as %s, and still answers OK', async (what, outcome) => {
    const { portal, intentId } = await paidAtProvider();
    const right = await notificationFor(db.current, portal, intentId);
    const intent = await intentRow(db.current, portal.tenant, intentId);
    const fields = JSON.parse(right.body) as Parameters<typeof signedNotification>[0];
    const sent = {
      'a wrong signature': { body: right.body, signature: `sha256=${'0'.repeat(64)}` },
      'an amount one grosz short': signedNotification({ ...fields, amount: DUE - 1 }),
      'another currency': signedNotification({ ...fields, currency: 'CZK' }),
      'an unknown session': signedNotification({ ...fields, sessionId: crypto.randomUUID() }),
      'a body that is not JSON': { body: '{"merchant":', signature: right.signature },
      // PostgreSQL refuses a NUL in text: read, it would make recording the notification fail.
      'a session id with a NUL in it': { body: JSON.stringify({ ...fields, sessionId: 'a\u0000b' }), signature: 'x' },
      'a body signed for another merchant': signedNotification({ ...fields, merchant: crypto.randomUUID() }),
    }[what]!;
    const answer = await post(portal, sent);
    expect([answer.status, answer.text]).toEqual([200, 'OK']);
    expect(await paymentEntries(db.current, portal)).toBe(0);
    expect(await balanceOf(db.current, portal)).toBe(DUE);
    expect((await intentRow(db.current, portal.tenant, intentId)).state).toBe(intent.state);
    expect(await outcomes(portal)).toEqual([outcome]);
  });

  it("keeps a mismatch's reported amount for staff", async () => {
    const { portal, intentId } = await paidAtProvider();
    const fields = JSON.parse((await notificationFor(db.current, portal, intentId)).body);
    await post(portal, signedNotification({ ...fields, amount: DUE + 1 })).expect(200);
    const [row] = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      tenantRows(trx, 'payment_notifications').select('reported_amount', 'reported_currency', 'intent_id', 'verified'),
    );
    expect(row).toEqual({
      reported_amount: String(DUE + 1),
      reported_currency: 'PLN',
      intent_id: intentId,
      verified: true,
    });
  });

  it('is not credited when the provider does not confirm it (the payer never paid)', async () => {
    const portal = await paymentsPortal(db.current, clock);
    const intentId = await pressPay(portal);
    await post(portal, await notificationFor(db.current, portal, intentId)).expect(200);
    expect(await paymentEntries(db.current, portal)).toBe(0);
    expect(await outcomes(portal)).toEqual(['notVerified']);
  });

  it("names no other tenant's intent: another tenant's session is unknown here", async () => {
    const { portal, intentId } = await paidAtProvider();
    const other = await paymentsPortal(db.current, clock);
    const notification = await notificationFor(db.current, portal, intentId);
    await post(other, notification).expect(200);
    expect(await paymentEntries(db.current, portal)).toBe(0);
    expect(await outcomes(other)).toEqual(['unknownSession']);
  });

  it('answers 404 for a provider the portal does not have', async () => {
    const portal = await paymentsPortal(db.current, clock);
    await portal.browser.post(`/${portal.slug}/payments/notifications/payu`).send('{}').expect(404);
  });
});
