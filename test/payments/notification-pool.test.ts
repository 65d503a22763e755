// Notifications arriving together never wait for a database connection they hold themselves
// (issue #20): the provider's verify is asked before the transaction, so with a pool of three
// connections, six notifications at once for six intents are all answered and all credited.
// Verified inside the transaction (as it once was), each took a connection, then waited for a
// second one for the verify while the others held the rest of the pool.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { useTestDatabase } from '../support/database.ts';
import {
  chooseAtProvider,
  intentRow,
  notificationFor,
  paymentEntries,
  paymentsPortal,
  pressPay,
} from './payments-support.ts';

const db = useTestDatabase({ appPoolMax: 3 });
const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));

describe('notifications at once on a small pool', () => {
  it('are all answered and credited', async () => {
    const paid = [];
    for (let n = 0; n < 6; n += 1) {
      const portal = await paymentsPortal(db.current, clock);
      const intentId = await pressPay(portal);
      await chooseAtProvider(db.current, portal, intentId, 'pay');
      paid.push({ portal, intentId, notification: await notificationFor(db.current, portal, intentId) });
    }
    const answers = await Promise.all(
      paid.map(({ portal, notification }) =>
        portal.browser
          .post(`/${portal.slug}/payments/notifications/test`)
          .set('content-type', 'application/json')
          .set('x-test-provider-signature', notification.signature)
          .send(notification.body),
      ),
    );
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual(Array(6).fill([200, 'OK']));
    for (const { portal, intentId } of paid) {
      expect(await paymentEntries(db.current, portal)).toBe(1);
      expect((await intentRow(db.current, portal.tenant, intentId)).state).toBe('paid');
    }
  });
});
