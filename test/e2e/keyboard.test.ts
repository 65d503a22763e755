// Keyboard basics, in a real browser: the first Tab reaches the skip link, which shows itself
// and moves the focus to the main content; every stop along the Tab order shows a visible focus
// indicator, in standard and in high contrast.
import { expect } from 'vitest';
import { focused, focusRing, type Ring } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';

const e2e = useBrowserApp({ file: import.meta.url });

const PAGES = [
  { name: 'the directory', path: '/' },
  { name: 'a tenant home', path: '/mosir-zielonka/' },
  { name: 'an accessibility statement', path: '/mesto-lipnik/accessibility' },
];
const CONTRASTS = ['normal', 'high'] as const;

const draws = (ring: Ring): boolean =>
  (ring.outlineStyle !== 'none' && parseFloat(ring.outlineWidth) > 0) || ring.boxShadow !== 'none';

for (const { name, path } of PAGES) {
  for (const contrast of CONTRASTS) {
    e2e.test(
      `${name}, ${contrast} contrast: the first Tab focuses the skip link, which moves the focus to main`,
      async ({ page }) => {
        await page.goto(`${path}?lang=en&contrast=${contrast}`);

        await page.keyboard.press('Tab');
        const skipLink = await focused(page);
        expect(skipLink, 'the first Tab stop').toMatchObject({
          tag: 'a',
          className: 'skip-link',
          text: 'Skip to content',
        });
        expect(skipLink.onScreen, 'the focused skip link is on screen').toBe(true);

        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.hash === '#main');
        expect(await focused(page), 'focus after following the skip link').toMatchObject({ tag: 'main', id: 'main' });

        await page.keyboard.press('Tab');
        const next = await focused(page);
        expect(next.insideMain, `the next Tab stays in the main content (got ${next.tag} "${next.text}")`).toBe(true);
      },
    );

    e2e.test(`${name}, ${contrast} contrast: every Tab stop shows a visible focus indicator`, async ({ page }) => {
      await page.goto(`${path}?lang=en&contrast=${contrast}`);
      const problems: string[] = [];
      let stops = 0;
      for (; stops < 100; stops++) {
        await page.keyboard.press('Tab');
        const element = await focused(page);
        if (element.tag === 'body' || (stops > 0 && element.className === 'skip-link')) break;
        const label = `${element.tag}${element.id ? '#' + element.id : ''} "${element.text}"`;
        if (!element.onScreen) problems.push(`${label} is focused off screen`);
        const ring = await focusRing(page);
        if (!draws(ring.focused)) problems.push(`${label} draws no outline or shadow when focused`);
        if (JSON.stringify(ring.focused) === JSON.stringify(ring.unfocused))
          problems.push(`${label} looks the same focused and unfocused: ${JSON.stringify(ring.focused)}`);
      }
      expect(stops, 'the page has several Tab stops').toBeGreaterThan(5);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}
