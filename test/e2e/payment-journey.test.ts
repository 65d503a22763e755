// Paying online in a real browser (issue #20), the payment pages passing the page sweep's checks
// (support/journey.ts: axe in two displays, reflow at 320 px): a client of the housing
// cooperative pays a due charge with the test provider, the worker's delivery job brings the
// provider's notification, and the account shows settled; a failed payment leaves it due.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { openAccount, postCharge } from '../../src/features/money/index.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { clockStartingNow, warsawIsoDate } from '../support/clock.ts';
import { activeClientAt, demoTenant, signInToDashboard } from './support/accounts.ts';
import { useBrowserApp } from './support/harness.ts';
import { deliverPayments } from './support/payments.ts';
import { accessibilityCheck, follow, heading, press, restyle } from './support/journey.ts';

const SLUG = 'sm-sloneczna';
// At the current minute, never a fixed date (test/support/clock.ts says why).
const clock = clockStartingNow();
const TODAY = warsawIsoDate(clock.now());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock }, servedAtPublicUrl: true });

/** A client of the cooperative with 125,50 zł due on their account, signed in. */
async function clientWithCharge(page: Page): Promise<void> {
  const tenant = demoTenant(e2e, SLUG);
  const client = await activeClientAt(e2e, SLUG, { preferred_locale: 'en' });
  const system = { tenant, actor: { kind: 'system' as const, job: 'e2e' }, requestId: 'e2e' };
  await withTenant(e2e.db.app, asTenantId(tenant.id), async (trx) => {
    const account = await openAccount(trx, {
      ownerKind: 'client',
      ownerId: client.id,
      currency: 'PLN',
      kind: 'fees',
      name: 'Maintenance fees',
      openedOn: '2026-01-01',
    });
    await postCharge(trx, system, {
      accountId: account.id,
      amount: 12_550,
      title: 'December fee',
      bookedOn: TODAY,
      dueOn: TODAY,
    });
  });
  await signInToDashboard(page, SLUG, client.email, client.password);
}

const deliver = () => deliverPayments(e2e, clock);

const expectAccessible = accessibilityCheck(e2e);

/** From the money page to the test provider's page, through Pay. */
async function payUpTo(page: Page, check: boolean): Promise<void> {
  await page.goto(`/${SLUG}/account/money`);
  if (check) await expectAccessible(page, 'the money page');
  await follow(page, 'Pay what is due: Maintenance fees');
  expect(await heading(page)).toBe('Pay what is due');
  if (check) await expectAccessible(page, 'the Pay page');
  await press(page, 'Pay PLN 125.50');
  expect(await heading(page)).toBe('Payment pending');
  await follow(page, 'Go to the payment page');
  expect(await page.locator('main').innerText()).toContain('This is a test. No real money is paid here.');
  if (check) await expectAccessible(page, "the test provider's page", restyle(page));
}

e2e.test(
  'a client pays a due charge with the test provider and sees it settled',
  async ({ page }) => {
    await clientWithCharge(page);
    await payUpTo(page, true);
    await press(page, 'Pay');
    await follow(page, 'Return to the portal');
    // Back before the notification: the page does not pretend it is paid.
    expect(await heading(page)).toBe('Payment pending');
    expect(await deliver()).toBe(1);
    await page.reload();
    expect(await heading(page)).toBe('Payment received');
    await expectAccessible(page, 'the payment page');
    await page.goto(`/${SLUG}/account/money`);
    expect(await page.locator('main').innerText()).toContain('settled');
  },
  { context: { locale: 'en-GB' } },
);

e2e.test(
  'a failed payment leaves the charge due',
  async ({ page }) => {
    await clientWithCharge(page);
    await payUpTo(page, false);
    await press(page, 'Fail');
    await follow(page, 'Return to the portal');
    expect(await deliver()).toBe(1);
    await page.reload();
    expect(await heading(page)).toBe('Payment failed');
    await page.goto(`/${SLUG}/account/money`);
    const money = await page.locator('main').innerText();
    expect(money).toContain('December fee');
    expect(money).toContain('to pay');
  },
  { context: { locale: 'en-GB' } },
);
