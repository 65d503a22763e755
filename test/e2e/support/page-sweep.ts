// The page sweep, one file per language (pages.<lang>.test.ts) so that the two test workers
// share it: every page of the journeys (journey-pages.ts), visited once (signed in where it
// needs), has no WCAG 2.1 A/AA violation that axe-core can find, in the standard display and at
// the largest text size in high contrast; and then, in a window 320 px wide, nothing
// scrolls sideways in any text size (reflow-sweep.ts). One test per page, so that no test's
// length grows with the list; one visit for both checks, so that each page is signed into and
// opened once.
import { expect } from 'vitest';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { axeViolations, formatViolations } from './axe.ts';
import { useBrowserApp } from './harness.ts';
import { JOURNEY_PAGES, pageName, prepareFor, showPage } from './journey-pages.ts';
import { reflowProblems, reflowSelfCheck } from './reflow-sweep.ts';
import type { PlantingWindow } from './dom.ts';

// The two ends of the display switches: what each changes (sizes, colours) is checked at its
// extreme, and the two together; the sizes in between are looked at by the reflow check.
const DISPLAY_MODES = [
  { text: '1', contrast: 'normal' },
  { text: '3', contrast: 'high' },
] as const;

/** Registers the sweep of every page in one language; call it at the top of a test file. */
export function pageSweep(file: string, lang: Locale): void {
  const e2e = useBrowserApp({ file });
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

  for (const journeyPage of JOURNEY_PAGES) {
    e2e.test(
      `${pageName(journeyPage)} in ${lang}: no WCAG 2.1 AA violations (standard; largest text in high contrast); reflows at 320 px`,
      async ({ page }) => {
        const shown = await prepareFor(e2e, page, journeyPage, lang);
        const report: string[] = [];
        for (const { text, contrast } of DISPLAY_MODES) {
          const url = await showPage(page, shown, { lang, text, contrast });
          const violations = await axeViolations(page);
          if (violations.length > 0) {
            const shot = await e2e.screenshot(page, url);
            report.push(`${url} (screenshot: ${shot})\n${formatViolations(violations)}`);
          }
        }
        expect(report, `axe found violations:\n${report.join('\n\n')}`).toEqual([]);
        const reflow = await reflowProblems(e2e, page, shown, lang);
        expect(reflow, `parts of the page scroll sideways at 320 px:\n${reflow.join('\n\n')}`).toEqual([]);
      },
    );
  }
}
