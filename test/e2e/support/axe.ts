// axe-core in the page under test: WCAG 2.0 and 2.1, levels A and AA, every rule of those tags.
// The script goes in through the DevTools protocol (page.evaluate), as the page's own CSP
// rightly refuses inline scripts, so the page is checked exactly as it is served.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

interface AxeGlobal {
  document: object;
  axe?: { run(context: object, options: RunOptions): Promise<AxeResults> };
}

/** Runs axe on the page as it is now and returns its violations (an empty list when clean). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => Boolean((globalThis as unknown as AxeGlobal).axe));
  if (!loaded) await page.evaluate(axeSource);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate(async (runOptions) => {
    const window = globalThis as unknown as AxeGlobal;
    const found = await window.axe!.run(window.document, runOptions);
    return found.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  }, options);
  return results;
}

/** One readable block per violation: rule, impact, help, then each element and what is wrong with it. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) =>
      [
        `  [${v.impact}] ${v.id}: ${v.help}`,
        ...v.nodes.map((n) => `    at ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
}
