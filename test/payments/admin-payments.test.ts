// The staff's payments pages through the real app (issue #20): the list for clerks and managers
// with filters and keyset pages, bad filters said in the reader's language (422), the day's
// reconciliation and its CSV for managers (a clerk gets 403), formulas neutralised in the CSV,
// and reading either recorded in the audit log.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';
import {
  chooseAtProvider,
  notificationFor,
  paymentsPortal,
  pressPay,
  signedNotification,
  type PaymentsPortal,
} from './payments-support.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-11T09:00:00Z'));

async function withStaff() {
  const portal = await paymentsPortal(db.current, clock);
  const as = async (role: 'clerk' | 'manager') =>
    staffBrowser(
      db.current.app,
      portal.app,
      portal.tenant,
      await createActiveStaff(db.current.app, portal.tenant.id, { role }),
      clock,
    );
  return { ...portal, clerk: await as('clerk'), manager: await as('manager') };
}

const notify = (portal: PaymentsPortal, notification: { body: string; signature: string }) =>
  portal.browser
    .post(`/${portal.slug}/payments/notifications/test`)
    .set('x-test-provider-signature', notification.signature)
    .send(notification.body)
    .expect(200);

describe("the staff's payments list", () => {
  it('shows the payments by state, and pages older ones by keyset', async () => {
    const portal = await withStaff();
    const paid = await pressPay(portal);
    await chooseAtProvider(db.current, portal, paid, 'pay');
    await notify(portal, await notificationFor(db.current, portal, paid));
    const rows = Array.from({ length: 50 }, (_, i) => ({
      client_id: portal.client.id,
      account_id: portal.account.id,
      amount: 100 + i,
      currency: 'PLN',
      title: `Stara płatność ${i}`,
      idempotency_key: `older-payment-key-${String(i).padStart(4, '0')}`,
      provider: 'test',
      provider_session_id: `older-${i}`,
      state: 'expired',
      created_at: new Date(Date.UTC(2026, 10, 1, 8, i)),
      updated_at: new Date(Date.UTC(2026, 10, 1, 8, i)),
    }));
    await withTenant(db.current.app, portal.tenant.id, (trx) => trx('payment_intents').insert(rows));

    const onlyPaid = await portal.clerk.get(`/${portal.slug}/admin/payments?lang=en&state=paid`).expect(200);
    const text = visibleText(onlyPaid.text);
    expect(text).toContain('PLN 125.50');
    expect(text).not.toContain('Stara płatność');

    const first = await portal.clerk.get(`/${portal.slug}/admin/payments?lang=en`).expect(200);
    expect(visibleText(first.text)).toContain('Opłaty eksploatacyjne');
    const older = /href="([^"]*after=[^"]*)" rel="next"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    const second = await portal.clerk.get(older).expect(200);
    expect(visibleText(second.text)).toContain('Stara płatność 0');
    expect(second.text).not.toContain('rel="next"');

    const audited = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ action: 'payments.listed' }).count<{ count: string }[]>('* as count'),
    );
    expect(Number(audited[0]!.count)).toBe(3);
  });

  it.each([
    ['pl', 'state=lost', 'Wybierz stan z listy.', '#state'],
    ['en', 'from=2026-02-30', 'Enter a date as YYYY-MM-DD, for example 2026-12-01.', '#from'],
    ['cs', 'from=2026-12-10&to=2026-12-01', 'Koncový den nesmí být dříve než počáteční.', '#to'],
    ['en', 'provider=PayU!', "Enter the provider's name in lower-case letters, digits and hyphens.", '#provider'],
    // No field holds the cursor: the summary's link leads to the newest payments of the same filter.
    [
      'pl',
      'state=paid&after=garbage',
      'Odnośnik do starszych płatności jest uszkodzony.',
      '/admin/payments?state=paid',
    ],
  ])('refuses bad filters in %s (%s) with 422 and the reason by the field', async (lang, query, message, target) => {
    const portal = await withStaff();
    const response = await portal.clerk.get(`/${portal.slug}/admin/payments?lang=${lang}&${query}`).expect(422);
    expect(visibleText(response.text)).toContain(message);
    const href = target.startsWith('#') ? target : `/${portal.slug}${target}`;
    expect(response.text).toContain(`<li><a href="${href}">`);
    if (target.startsWith('#')) expect(response.text).toContain(`id="${target.slice(1)}"`);
  });
});

describe('the daily reconciliation', () => {
  it('is linked from every member’s start page', async () => {
    const portal = await withStaff();
    for (const browser of [portal.clerk, portal.manager]) {
      const start = await browser.get(`/${portal.slug}/admin/?lang=en`).expect(200);
      expect(start.text).toContain(`href="/${portal.slug}/admin/payments"`);
      expect(visibleText(start.text)).toContain('Payments: clients’ payments through the payment provider');
    }
  });

  it('is a manager’s: a clerk gets 403', async () => {
    const portal = await withStaff();
    await portal.clerk.get(`/${portal.slug}/admin/payments/reconciliation`).expect(403);
    await portal.clerk.get(`/${portal.slug}/admin/payments/reconciliation.csv`).expect(403);
  });

  it('lists intents, credits and what the provider reported, with the mismatches, also as CSV', async () => {
    const portal = await withStaff();
    const intentId = await pressPay(portal);
    await chooseAtProvider(db.current, portal, intentId, 'pay');
    const right = await notificationFor(db.current, portal, intentId);
    const fields = JSON.parse(right.body);
    await notify(portal, signedNotification({ ...fields, amount: fields.amount - 1 }));
    await notify(portal, signedNotification({ ...fields, currency: 'EUR' }));
    clock.advance(1_000);
    await notify(portal, right);
    await notify(portal, { body: JSON.stringify({ ...fields, sessionId: '=HYPERLINK("x")' }), signature: 'sha256=00' });

    const page = await portal.manager
      .get(`/${portal.slug}/admin/payments/reconciliation?lang=en&date=2026-12-11`)
      .expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('amount or currency does not match — reported PLN 125.49; expected PLN 125.50');
    expect(text).toContain(
      'amount or currency does not match — reported 12550 in the minor units of EUR; expected PLN 125.50',
    );
    expect(text).toContain('signature does not match');

    const csv = await portal.manager
      .get(`/${portal.slug}/admin/payments/reconciliation.csv?lang=en&date=2026-12-11`)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[1]).toBe('2026-12-11,test,PLN,1,125.50,1,125.50,1,125.50');
    expect(csv.text).toContain(`'=HYPERLINK`);
    expect(csv.text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const bad = await portal.manager
      .get(`/${portal.slug}/admin/payments/reconciliation?lang=cs&date=2026-13-01`)
      .expect(422);
    expect(visibleText(bad.text)).toContain('Zadejte den ve tvaru RRRR-MM-DD, například 2026-12-01.');
  });
});
