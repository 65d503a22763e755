// What a journey test does on the way through a section, as a person does it: presses a button
// and waits for the page it leads to, follows a link, reads the page's heading; and the page
// sweep's checks (axe in two displays, reflow at 320 px) on a page as the journey reached it,
// including pages that are the answer to a form and cannot be opened again by address.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, formatViolations } from './axe.ts';
import type { BrowserApp } from './harness.ts';
import { setRootClass } from './dom.ts';
import { reflowProblems } from './reflow-sweep.ts';

export const heading = async (page: Page): Promise<string> =>
  (await page.getByRole('heading', { level: 1 }).innerText()).trim();

export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/**
 * Clicks a button by its name and waits for the next page to have loaded: the status of the
 * form's answer (a POST's, or a GET form's that picks what a page shows), and its redirect if
 * it made one. The wait is for the new document's load event, so what is read next is never
 * the page the button was on.
 */
export async function press(
  page: Page,
  name: string,
  scope: Locator = page.locator('main'),
): Promise<{ status: number; location: string | undefined }> {
  const loaded = page.waitForEvent('load');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()),
    scope.getByRole('button', { name, exact: true }).click(),
  ]);
  await loaded;
  const location = response.headers().location;
  // A redirect to a part of a page (#part-photo) leaves its fragment out of the request.
  const shown = new URL(page.url());
  if (location) expect(`${shown.pathname}${shown.search}`).toBe(location.replace(/#.*$/, ''));
  return { status: response.status(), location };
}

/** Types each value into the field labelled so (the label exact). */
export async function fillByLabel(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

/** Clicks a link in the page's main part by its name and waits for the page it leads to. */
export async function follow(page: Page, name: string): Promise<void> {
  const link = page.locator('main').getByRole('link', { name, exact: true });
  const target = new URL((await link.getAttribute('href'))!, page.url());
  const loaded = page.waitForEvent('load');
  await Promise.all([page.waitForURL((url) => url.pathname === target.pathname), link.click()]);
  await loaded;
}

/** Puts the page in a display (a text size, a contrast); resolves with what to call it in a report. */
export type Show = (text: string, contrast: 'normal' | 'high') => Promise<string>;

/** A page reached by GET, opened again with the display in its query, as the switches ask for it. */
export function reopen(page: Page): Show {
  const address = page.url();
  return async (text, contrast) => {
    const url = new URL(address);
    url.searchParams.set('text', text);
    url.searchParams.set('contrast', contrast);
    const response = await page.goto(url.toString());
    expect(response?.status(), url.toString()).toBe(200);
    expect(pathOf(page), `${url} is shown, not a redirect`).toBe(url.pathname);
    expect(await page.getAttribute('html', 'class')).toBe(`text-${text}${contrast === 'high' ? ' contrast-high' : ''}`);
    return url.toString();
  };
}

/**
 * A page that cannot be asked for again by its address (the answer to a form, a page shown
 * once): the display set in the page itself, as the classes of its root element, which is all
 * the server changes for one.
 */
export function restyle(page: Page): Show {
  return async (text, contrast) => {
    const className = `text-${text}${contrast === 'high' ? ' contrast-high' : ''}`;
    await setRootClass(page, className);
    return `${page.url()} (${className} set in the page)`;
  };
}

/** The checks below, as a journey (or a step it shares) is handed them: on a page, by what to call it. */
export type AccessibilityCheck = (page: Page, where: string, show?: Show) => Promise<void>;

/**
 * The page sweep's checks on the page as the journey reached it, in the standard display: axe
 * there and at the largest text in high contrast, then reflow at 320 px in every text size; the
 * page is left in the standard display and its window as it was.
 */
export function accessibilityCheck(e2e: BrowserApp): AccessibilityCheck {
  return async (page, where, show = reopen(page)) => {
    expect(await page.getAttribute('html', 'class'), `${where} is in the standard display`).toBe('text-1');
    const report: string[] = [];
    const standard = await axeViolations(page);
    if (standard.length > 0) {
      const shot = await e2e.screenshot(page, `${where} 1 normal`);
      report.push(`${page.url()} (screenshot: ${shot})\n${formatViolations(standard)}`);
    }
    const shown = await show('3', 'high');
    const largest = await axeViolations(page);
    if (largest.length > 0) {
      const shot = await e2e.screenshot(page, `${where} 3 high`);
      report.push(`${shown} (screenshot: ${shot})\n${formatViolations(largest)}`);
    }
    // Back to the standard display as the page was reached (a reopened page's switch also set
    // the preference cookies, which the next page must not inherit).
    await show('1', 'normal');
    expect(report, `axe found violations on ${where}:\n${report.join('\n\n')}`).toEqual([]);
    const viewport = page.viewportSize()!;
    const reflow = await reflowProblems(e2e, page, where);
    expect(reflow, `parts of ${where} scroll sideways at 320 px:\n${reflow.join('\n\n')}`).toEqual([]);
    await setRootClass(page, 'text-1');
    await page.setViewportSize(viewport);
  };
}
