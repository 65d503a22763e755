// Reflow (WCAG 1.4.10), checked by the page sweep (page-sweep.ts) on every page of the journeys
// it visits and by the journeys on the pages they reach (journey.ts): in a window 320 CSS px wide
// and in every text size the page's own switch offers, the page can be read without scrolling
// sideways: the document is no wider than the window and nothing sticks out past its edges.
// Standard contrast only: high contrast changes colours and borders, not widths.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { setRootClass, sidewaysOverflow, type PlantingWindow } from './dom.ts';
import type { BrowserApp } from './harness.ts';

/** The narrowest window WCAG 1.4.10 asks content to fit: 1280 px at 400% zoom. */
const NARROW = { viewport: { width: 320, height: 640 } };

/** The text sizes the page's switch offers, as the values of its links' `text` parameter. */
async function offeredTextSizes(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.switches a.text-size')
    .evaluateAll((links) => links.map((link) => (link as unknown as { href: string }).href));
  return hrefs.map((href) => new URL(href).searchParams.get('text') ?? `no size in ${href}`);
}

/**
 * The page as it is in the window now, narrowed to 320 px and put in every text size its switch
 * offers, in standard contrast: what sticks out, with a screenshot of each size that failed.
 * Each size is set as the classes of the page's root element, which is all the server changes
 * for one (the switches themselves are checked by display-switches.test.ts), so the page is
 * opened once, not once per size. The page is left in the window's width of 320 px.
 */
export async function reflowProblems(e2e: BrowserApp, page: Page, where: string): Promise<string[]> {
  await page.setViewportSize(NARROW.viewport);
  const sizes = await offeredTextSizes(page);
  expect(sizes.length, `${where} offers text sizes to choose from`).toBeGreaterThan(1);
  const report: string[] = [];
  for (const size of sizes) {
    await setRootClass(page, `text-${size}`);
    const problems = await sidewaysOverflow(page);
    if (problems.length > 0) {
      const shot = await e2e.screenshot(page, `${where} at text size ${size}`);
      report.push(`${where} at text size ${size} (screenshot: ${shot})\n  ${problems.join('\n  ')}`);
    }
  }
  return report;
}

/** Shows that the reflow check can fail: call it once per sweep. */
export function reflowSelfCheck(e2e: BrowserApp, lang: Locale): void {
  // A clean report is worth something only if the same check, on the same page, can fail.
  e2e.test(
    `${lang}: the check itself finds a wide box, a long word and a box scrolled sideways without a label`,
    async ({ page }) => {
      await page.goto(`/mosir-zielonka/?lang=${lang}&text=1&contrast=normal`);
      expect(await sidewaysOverflow(page)).toEqual([]);
      await page.evaluate(() => {
        const { document } = globalThis as unknown as PlantingWindow;
        const wide = document.createElement('div');
        wide.style.width = '400px';
        wide.textContent = 'Wide';
        const word = document.createElement('h2');
        word.textContent = 'Konstantynopolitańczykowianeczka'.repeat(2);
        // As a page whose words were not allowed to break (see body in main.css) would show it.
        word.style.overflowWrap = 'normal';
        word.style.hyphens = 'manual';
        const scroller = document.createElement('div');
        scroller.style.overflowX = 'auto';
        const inside = document.createElement('p');
        inside.style.width = '600px';
        inside.textContent = 'Scrolled';
        scroller.append(inside);
        document.querySelector('main')!.append(wide, word, scroller);
      });
      const problems = await sidewaysOverflow(page);
      expect(problems[0]).toMatch(/^the page scrolls sideways: \d+ px wide in 320 px$/);
      expect(problems.slice(1)).toEqual([
        expect.stringMatching(/^main#main > div "Wide" sticks out of the window: right edge at 4\d\d px$/),
        expect.stringMatching(/^main#main > div "Scrolled" scrolls sideways but is no focusable, labelled region$/),
        expect.stringMatching(/^the text of main#main > h2 "Konstantynopolita.*" sticks out of the window: right edge/),
      ]);
    },
    { context: NARROW },
  );
}
