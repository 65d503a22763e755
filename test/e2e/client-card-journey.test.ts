// The Client Card in a real browser (issue #22), its pages passing the page sweep's checks
// (support/journey.ts: axe in two displays, reflow at 320 px): a client of the sports centre
// opens the Client Card from the dashboard, applies, sees the card issued with its number and
// the activation fee due, pays it with the test provider, and, once the worker has delivered the
// provider's notification, sees the card active.
import { expect } from 'vitest';
import { clockStartingNow } from '../support/clock.ts';
import { activeClientAt, signInToDashboard } from './support/accounts.ts';
import { useBrowserApp } from './support/harness.ts';
import { deliverPayments } from './support/payments.ts';
import { accessibilityCheck, follow, heading, press } from './support/journey.ts';

const SLUG = 'mosir-zielonka';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock }, servedAtPublicUrl: true });
const expectAccessible = accessibilityCheck(e2e);

e2e.test(
  'a client applies for the Client Card, pays the activation fee and sees the card active',
  async ({ page }) => {
    const client = await activeClientAt(e2e, SLUG, { preferred_locale: 'en' });
    await signInToDashboard(page, SLUG, client.email, client.password);
    await follow(page, 'Go to my Client Card');
    expect(await heading(page)).toBe('Cards');
    await follow(page, 'Karta Klienta');
    // Intl puts a no-break space between the currency and the amount.
    expect(await page.locator('main').innerText()).toMatch(/The activation fee is PLN\s20\.00/);
    await press(page, 'Apply');
    const issued = await page.locator('main').innerText();
    expect(issued).toContain('Your application has been submitted.');
    expect(issued).toMatch(/Card number\s+7701\d{8}/);
    expect(issued).toMatch(/To pay: PLN\s20\.00\./);
    await expectAccessible(page, 'the issued card');
    await follow(page, 'Pay PLN 20.00 online');
    await press(page, 'Pay PLN 20.00');
    await follow(page, 'Go to the payment page');
    await press(page, 'Pay');
    await follow(page, 'Return to the portal');
    const delivered = await deliverPayments(e2e, clock);
    expect(delivered).toBe(1);
    await page.goto(`/${SLUG}/cards/karta-klienta`);
    const active = await page.locator('main').innerText();
    expect(active).toMatch(/active\s*: the card can be used\./);
    expect(active).not.toContain('To pay');
    await expectAccessible(page, 'the active card');
  },
  { context: { locale: 'en-GB' } },
);
