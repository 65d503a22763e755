// The clerk's corrections at the counter (issue #19) in a real browser, in Polish at the sports
// centre: the demo client found by the phone number as people read it out, their details
// corrected; the same form saved from a second tab after the first saved answers 409 with both
// versions side by side, and the clerk's version saved knowingly; then access given again with
// a new start password on the handover sheet; and at the counter a cash payment of the fee the
// client owes, recorded with its receipt on the account's page. Every page on the way passes the
// page sweep's checks (support/journey.ts): axe in two displays and reflow at 320 px.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import { beforeAll } from 'vitest';
import { seedDemoMoney } from '../../seeds/demo-money.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);

useDemoPeople(e2e);
beforeAll(() => seedDemoMoney(e2e.db.owner));

const SLUG = 'mosir-zielonka';
const NAME = 'Kowalski Jan';

async function openDetails(page: Page, t: Translate, clientPath: string): Promise<void> {
  await page.goto(`${clientPath}?lang=pl`);
  await follow(page, t('adminClients:client.edit'));
  expect(await heading(page)).toBe(t('adminClients:details.title'));
}

e2e.test(
  'pl: a clerk finds a client by phone, corrects the details, meets another clerk’s save, gives access again',
  async ({ page }) => {
    const t = texts('pl');
    await clerkSignsIn(page, t, SLUG, 'pl', clock);

    // The phone number as it is read out, with spaces and no country code.
    const box = page.getByRole('search', { name: t('adminClients:search.title'), exact: true });
    await box.getByLabel(t('adminClients:search.label'), { exact: true }).fill('601 234 567');
    await press(page, t('adminClients:search.submit'), box);
    await follow(page, NAME);
    const clientPath = pathOf(page);
    expect(await page.locator('main dl').innerText()).toContain('+48601234567');

    // The form, filled from the details on record.
    await openDetails(page, t, clientPath);
    const phone = page.getByLabel(t('adminClients:details.phone'), { exact: true });
    expect(await phone.inputValue()).toBe('+48601234567');
    await expectAccessible(page, 'the details form');

    // A second tab opens the same form; the first saves a new number.
    const other = await page.context().newPage();
    await openDetails(other, t, clientPath);
    await phone.fill('602 000 111');
    expect(await press(page, t('adminClients:details.submit'))).toEqual({
      status: 303,
      location: `${clientPath}?done=edited`,
    });
    expect(await page.getByRole('status').innerText()).toBe(t('adminClients:notices.edited'));

    // The second tab's save is refused with both versions; its typing is kept.
    await other.getByLabel(t('registration:register.firstName'), { exact: true }).fill('Janusz');
    expect((await press(other, t('adminClients:details.submit'))).status).toBe(409);
    const alert = other.getByRole('alert');
    expect(await alert.getByRole('heading').innerText()).toBe(t('adminClients:details.conflictHeading'));
    const row = other.locator('main table tbody tr', { hasText: t('adminClients:details.phone') });
    expect(await row.innerText()).toContain('602000111');
    expect(await other.getByLabel(t('registration:register.firstName'), { exact: true }).inputValue()).toBe('Janusz');
    await expectAccessible(other, 'the details saved meanwhile', restyle(other));
    expect(await press(other, t('adminClients:details.saveAnyway'))).toEqual({
      status: 303,
      location: `${clientPath}?done=edited`,
    });
    expect(await heading(other)).toBe('Janusz Kowalski');
    await other.close();

    // Access again: a new start password, printed once.
    await page.goto(`${clientPath}?lang=pl`);
    await follow(page, t('adminClients:client.resetAccess'));
    expect(await heading(page)).toBe(t('adminClients:access.title'));
    await expectAccessible(page, 'the access form');
    await page.getByLabel(t('adminClients:access.methods.startPassword'), { exact: true }).check();
    expect(await press(page, t('adminClients:access.submit'))).toEqual({
      status: 303,
      location: `${clientPath}/handover`,
    });
    expect(await page.locator('main').innerText()).toContain(t('adminClients:handover.password'));
    await expectAccessible(page, 'the handover sheet after access given again', restyle(page));

    // The fee the client owes, paid in cash at the counter (the demo ledger: 20,00 zł due).
    await page.goto(`${clientPath}?lang=pl`);
    await follow(page, 'Opłaty');
    expect(await heading(page)).toBe('Opłaty');
    await expectAccessible(page, 'the account’s turnover and payment form');
    await page.getByLabel(t('adminMoney:payment.amountLabel', { currency: 'PLN' }), { exact: true }).fill('20,00');
    await page.getByLabel(t('adminMoney:payment.sources.cash'), { exact: true }).check();
    await page.getByLabel(t('adminMoney:payment.receiptNumber'), { exact: true }).fill('KP/0042');
    expect((await press(page, t('adminMoney:payment.submit'))).status).toBe(303);
    expect(await page.getByRole('status').innerText()).toBe(t('adminMoney:notices.paid'));
    const details = await page.locator('main dl').innerText();
    expect(details).toContain(t('money:state.settled'));
    expect(await page.locator('main table').first().innerText()).toContain('KP/0042');
  },
  { timeout: 120_000 },
);
