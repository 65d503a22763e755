// The accessibility sweep, one file per language (accessibility.<lang>.test.ts) so that the two
// test workers share it: every public page — the directory, and each demo tenant's home,
// accessibility statement, privacy notice and sign-in forms — and every page of a signed-in
// client at each demo tenant has no WCAG 2.1 A/AA violation that axe-core can find, at the
// standard and the largest text size, in standard and high contrast.
import { expect } from 'vitest';
import { DEMO_TENANTS } from '../../../seeds/demo-tenants.ts';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { activeClientAt, signInToDashboard } from './accounts.ts';
import { axeViolations, formatViolations } from './axe.ts';
import { useBrowserApp } from './harness.ts';

const DISPLAY_MODES = [
  { text: '1', contrast: 'normal' },
  { text: '3', contrast: 'normal' },
  { text: '1', contrast: 'high' },
  { text: '3', contrast: 'high' },
] as const;

/** The pages of a signed-in client (issue #6): the dashboard and its settings. */
const SIGNED_IN_PATHS = ['/account', '/account/password', '/account/profile', '/account/security', '/account/data'];

interface Target {
  name: string;
  paths: string[];
  /** Signs in first, as a new client of this tenant, through the sign-in form. */
  signInAt?: string;
}

const TARGETS: Target[] = [
  { name: 'the directory', paths: ['/'] },
  ...DEMO_TENANTS.map(({ tenant }) => ({
    name: tenant.slug,
    paths: [
      `/${tenant.slug}/`,
      `/${tenant.slug}/accessibility`,
      `/${tenant.slug}/privacy`,
      // Where online registration is offered: its form, "didn't get the link?" and the terms.
      ...(tenant.settings?.selfRegistration
        ? [`/${tenant.slug}/register`, `/${tenant.slug}/register/resend`, `/${tenant.slug}/regulations`]
        : []),
    ],
  })),
  ...DEMO_TENANTS.map(({ tenant }) => ({
    name: `${tenant.slug}, signing in`,
    paths: [`/${tenant.slug}/sign-in`, `/${tenant.slug}/forgot-password`],
  })),
  ...DEMO_TENANTS.map(({ tenant }) => ({
    name: `${tenant.slug}, signed in`,
    paths: SIGNED_IN_PATHS.map((path) => `/${tenant.slug}${path}`),
    signInAt: tenant.slug,
  })),
];

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

  for (const target of TARGETS) {
    e2e.test(
      `${target.name} in ${lang}: no WCAG 2.1 AA violations at text 1 and 3, standard and high contrast`,
      async ({ page }) => {
        if (target.signInAt) {
          const client = await activeClientAt(e2e, target.signInAt, { preferred_locale: lang });
          await signInToDashboard(page, target.signInAt, client.email, client.password);
        }
        const report: string[] = [];
        for (const path of target.paths) {
          for (const { text, contrast } of DISPLAY_MODES) {
            // Every preference in the query: each one also sets a cookie the next URL must not inherit.
            const url = `${path}?lang=${lang}&text=${text}&contrast=${contrast}`;
            const response = await page.goto(url);
            expect(response?.status(), url).toBe(200);
            expect(new URL(page.url()).pathname, `${url} is shown, not a redirect`).toBe(path);
            const htmlClass = await page.getAttribute('html', 'class');
            expect(htmlClass, `${url} shows the display it was asked for`).toBe(
              `text-${text}${contrast === 'high' ? ' contrast-high' : ''}`,
            );
            expect(await page.getAttribute('html', 'lang'), url).toBe(lang);
            const violations = await axeViolations(page);
            if (violations.length > 0) {
              const shot = await e2e.screenshot(page, `${target.name} ${url}`);
              report.push(`${url} (screenshot: ${shot})\n${formatViolations(violations)}`);
            }
          }
        }
        expect(report, `axe found violations:\n${report.join('\n\n')}`).toEqual([]);
      },
    );
  }
}
