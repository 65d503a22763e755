// A visitor changes the language, text size and contrast by clicking the switches, and the
// tenant's next pages keep those choices: clicking, never typing a URL.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { pageDisplay } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';

const e2e = useBrowserApp({ file: import.meta.url });

/** Clicks a link and waits until the page it points to has loaded. */
async function follow(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute('href');
  expect(href, 'the link has a target').toBeTruthy();
  const target = new URL(href!, page.url()).toString();
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), link.click()]);
}

const switchLink = (page: Page, name: string): Locator =>
  page.locator('.switches').getByRole('link', { name, exact: true });
const footerLink = (page: Page, name: string): Locator =>
  page.locator('footer').getByRole('link', { name, exact: true });

const STANDARD = { fontSize: '16px', background: 'rgb(255, 255, 255)' };
const LARGEST_HIGH = { fontSize: '22px', background: 'rgb(0, 0, 0)' };

e2e.test(
  'language, text size and contrast chosen by clicking are kept on the next pages of the tenant',
  async ({ page }) => {
    // A Polish browser at a Polish tenant: Polish, standard text, standard contrast.
    await page.goto('/mosir-zielonka/');
    expect(await pageDisplay(page)).toEqual({ lang: 'pl', className: 'text-1', ...STANDARD });

    await follow(page, switchLink(page, 'English'));
    expect(await pageDisplay(page)).toMatchObject({ lang: 'en', className: 'text-1' });
    await follow(page, switchLink(page, 'Largest text'));
    expect(await pageDisplay(page)).toMatchObject({ lang: 'en', className: 'text-3', fontSize: '22px' });
    await follow(page, switchLink(page, 'High contrast'));
    expect(await pageDisplay(page)).toEqual({ lang: 'en', className: 'text-3 contrast-high', ...LARGEST_HIGH });
    expect(new URL(page.url()).pathname, 'the switches stay on the same page').toBe('/mosir-zielonka/');
    expect(await switchLink(page, 'Largest text').getAttribute('aria-current')).toBe('true');
    expect(await switchLink(page, 'English').getAttribute('aria-current')).toBe('true');

    // The next pages, reached by their links, have no query: the choices come from memory.
    await follow(page, footerLink(page, 'Accessibility statement'));
    expect(page.url()).toBe(e2e.url('/mosir-zielonka/accessibility'));
    expect(await pageDisplay(page)).toEqual({ lang: 'en', className: 'text-3 contrast-high', ...LARGEST_HIGH });
    await follow(page, footerLink(page, 'Privacy notice'));
    expect(page.url()).toBe(e2e.url('/mosir-zielonka/privacy'));
    expect(await pageDisplay(page)).toEqual({ lang: 'en', className: 'text-3 contrast-high', ...LARGEST_HIGH });

    // Switching back, on a page other than the home, stays on that page and is kept as well.
    await follow(page, switchLink(page, 'Standard contrast'));
    await follow(page, switchLink(page, 'Standard text'));
    await follow(page, switchLink(page, 'Čeština'));
    expect(new URL(page.url()).pathname).toBe('/mosir-zielonka/privacy');
    expect(await pageDisplay(page)).toEqual({ lang: 'cs', className: 'text-1', ...STANDARD });
    await follow(page, page.locator('header a.brand'));
    expect(page.url()).toBe(e2e.url('/mosir-zielonka/'));
    expect(await pageDisplay(page)).toEqual({ lang: 'cs', className: 'text-1', ...STANDARD });
    await follow(page, footerLink(page, 'Prohlášení o přístupnosti'));
    expect(await pageDisplay(page)).toEqual({ lang: 'cs', className: 'text-1', ...STANDARD });
  },
  { context: { locale: 'pl-PL' } },
);
