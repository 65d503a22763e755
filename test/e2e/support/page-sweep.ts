// The page sweep, one file per language (pages.<lang>.test.ts) so that the test workers share
// it: every page of the journeys (journey-pages.ts), visited once (signed in where it needs),
// has no WCAG 2.1 A/AA violation that axe-core can find in the standard display, and (in the
// sweep asked for every display) at the largest text size in high contrast; and then, in a
// window 320 px wide, nothing scrolls sideways in any text size (reflow-sweep.ts). One test per
// page, so that no test's length grows with the list; one visit for both checks, so that each
// page is opened once.
//
// The pages are opened one after another in one browser, its cookies cleared before each, as
// one person would open them: axe is compiled once, not once per page, and each tenant's client
// signs in once. High contrast and the largest text change colours and sizes, not words, so one
// language's sweep checks them on every page; the words of each language are checked by every
// sweep, and their widths by the reflow check in every text size.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { axeViolations, formatViolations } from './axe.ts';
import { useBrowserApp } from './harness.ts';
import { JOURNEY_PAGES, pageName, prepareFor, showPage, type SweepSessions } from './journey-pages.ts';
import { reflowProblems, reflowSelfCheck } from './reflow-sweep.ts';
import type { PlantingWindow } from './dom.ts';

// The two ends of the display switches: what each changes (sizes, colours) is checked at its
// extreme, and the two together; the sizes in between are looked at by the reflow check.
const STANDARD_DISPLAY = { text: '1', contrast: 'normal' } as const;
const LARGEST_IN_HIGH_CONTRAST = { text: '3', contrast: 'high' } as const;
/** The window a page is first shown in: Playwright's default, a laptop's. */
const WIDE = { width: 1280, height: 720 };

/**
 * Registers the sweep of every page in one language; call it at the top of a test file.
 * everyDisplay: axe in high contrast at the largest text too (one language's sweep does).
 */
export function pageSweep(file: string, lang: Locale, { everyDisplay }: { everyDisplay: boolean }): void {
  const e2e = useBrowserApp({ file });
  const displays = everyDisplay ? [STANDARD_DISPLAY, LARGEST_IN_HIGH_CONTRAST] : [STANDARD_DISPLAY];
  reflowSelfCheck(e2e, lang);

  // A clean report is worth something only if the same check, on the same page, can fail.
  e2e.test(
    `${lang}: the check itself reports planted violations: an image without alt text, an empty link, faint text`,
    async ({ page }) => {
      await page.goto(`/mosir-zielonka/?lang=${lang}&text=1&contrast=normal`);
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => {
        const { document } = globalThis as unknown as PlantingWindow;
        const image = document.createElement('img');
        image.setAttribute('src', '/static/css/main.css');
        const link = document.createElement('a');
        link.setAttribute('href', '#main');
        const faint = document.createElement('p');
        faint.textContent = 'Barely readable';
        faint.style.color = '#c8c8c8';
        document.querySelector('main')!.append(image, link, faint);
      });
      const ids = (await axeViolations(page)).map((v) => v.id).sort();
      expect(ids).toEqual(['color-contrast', 'image-alt', 'link-name']);
    },
  );

  let context: BrowserContext | undefined;
  let sweepPage: Page | undefined;
  const sessions: SweepSessions = new Map();
  beforeAll(async () => {
    context = await e2e.newContext();
    sweepPage = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  for (const journeyPage of JOURNEY_PAGES) {
    const name = pageName(journeyPage);
    const checks = everyDisplay ? 'standard; largest text in high contrast' : 'standard display';
    it(`${name} in ${lang}: no WCAG 2.1 AA violations (${checks}); reflows at 320 px`, async () => {
      const page = sweepPage!;
      try {
        await page.setViewportSize(WIDE);
        const shown = await prepareFor(e2e, page, journeyPage, lang, sessions);
        const report: string[] = [];
        for (const { text, contrast } of displays) {
          const url = await showPage(page, shown, { lang, text, contrast });
          const violations = await axeViolations(page);
          if (violations.length > 0) {
            const shot = await e2e.screenshot(page, url);
            report.push(`${url} (screenshot: ${shot})\n${formatViolations(violations)}`);
          }
        }
        expect(report, `axe found violations:\n${report.join('\n\n')}`).toEqual([]);
        const reflow = await reflowProblems(e2e, page, `${shown.path} in ${lang}`);
        expect(reflow, `parts of the page scroll sideways at 320 px:\n${reflow.join('\n\n')}`).toEqual([]);
      } catch (error) {
        const shot = await e2e.screenshot(page, `${lang} ${name}`).catch(() => undefined);
        if (shot) console.error(`screenshot of the failure: ${shot} (${page.url()})`);
        throw error;
      }
    });
  }
}
