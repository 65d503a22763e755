// The accessibility sweep, one file per language (accessibility.<lang>.test.ts) so that the two
// test workers share it: every page of the journeys (journey-pages.ts) has no WCAG 2.1 A/AA
// violation that axe-core can find, at the standard and the largest text size, in standard and
// high contrast. One test per page, so that no test's length grows with the list.
import { expect } from 'vitest';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { axeViolations, formatViolations } from './axe.ts';
import { useBrowserApp } from './harness.ts';
import { JOURNEY_PAGES, pageName, prepareFor, showPage } from './journey-pages.ts';

const DISPLAY_MODES = [
  { text: '1', contrast: 'normal' },
  { text: '3', contrast: 'normal' },
  { text: '1', contrast: 'high' },
  { text: '3', contrast: 'high' },
] as const;

interface PlantingWindow {
  document: {
    querySelector(selector: string): { append(...nodes: unknown[]): void } | null;
    createElement(tag: string): {
      style: Record<string, string>;
      textContent: string;
      setAttribute(n: string, v: string): void;
    };
  };
}

/** Registers the sweep of every public page in one language; call it at the top of a test file. */
export function accessibilitySweep(file: string, lang: Locale): void {
  const e2e = useBrowserApp({ file });

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
      `${pageName(journeyPage)} in ${lang}: no WCAG 2.1 AA violations at text 1 and 3, standard and high contrast`,
      async ({ page }) => {
        await prepareFor(e2e, page, journeyPage, lang);
        const report: string[] = [];
        for (const { text, contrast } of DISPLAY_MODES) {
          const url = await showPage(page, journeyPage, { lang, text, contrast });
          const violations = await axeViolations(page);
          if (violations.length > 0) {
            const shot = await e2e.screenshot(page, url);
            report.push(`${url} (screenshot: ${shot})\n${formatViolations(violations)}`);
          }
        }
        expect(report, `axe found violations:\n${report.join('\n\n')}`).toEqual([]);
      },
    );
  }
}
