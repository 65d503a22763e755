// The development mailbox in a real browser (issue #4): with no mail server, a real MailWorker
// sends into the embedded SMTP catcher, /_dev/mailbox lists the message, the message page shows
// its headers and text with the link as a real anchor, and following that link lands on the
// tenant's home page. In Polish and in English (chosen with the language switch), in standard
// and high contrast, with no axe violations on the way; the list is usable by keyboard alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startDevMailCatcher, type DevMailCatcher } from '../../src/platform/mail/dev-catcher.ts';
import { createMailRenderer } from '../../src/platform/mail/render.ts';
import { loadedRegistry, queueMailCheck, testMailWorker, testOutbox } from '../support/mail.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { focused, pageDisplay } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';
import { formatters } from '../../src/platform/i18n/format.ts';
import { PORTAL_TIME_ZONE } from '../../src/platform/http/context.ts';

// DATA_DIR: the catcher writes the mailbox here and the app under test reads it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'okienko-e2e-mailbox-'));
const e2e = useBrowserApp({ file: import.meta.url, app: { dataDir, env: 'development' } });
const TENANT_SLUG = 'mosir-zielonka';
const TENANT_NAME = 'Miejski Ośrodek Sportu i Rekreacji w Zielonce';
const i18n = createI18n();

let catcher: DevMailCatcher | undefined;
beforeAll(async () => {
  catcher = await startDevMailCatcher(dataDir, createLogger('silent'));
});
afterAll(async () => {
  await catcher?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const LANGUAGES = {
  // other: the browser's own language, so that only the switch can give the page this one.
  pl: { other: 'en-GB', switchName: 'Polski', subject: 'Wiadomość testowa', labels: ['Od', 'Do', 'Data'] },
  en: { other: 'pl-PL', switchName: 'English', subject: 'Test message', labels: ['From', 'To', 'Date'] },
} as const;
type Language = keyof typeof LANGUAGES;

/**
 * Queues a mail-check mail in the given language for the demo tenant and has a real worker send
 * it into the catcher. Its links are built from the browser app's own origin, so they can be
 * followed. Returns the subject (unique through the note) and the link to the tenant's home.
 */
async function sendMail(locale: Language, note: string): Promise<{ subject: string; homeUrl: string }> {
  const clock = controllableClock(new Date());
  const registry = await loadedRegistry(e2e.db);
  const tenant = registry.findBySlug(TENANT_SLUG);
  if (!tenant) throw new Error(`the demo tenant ${TENANT_SLUG} is seeded`);
  const to = `${note.replace(/\W+/g, '.')}@example.test`;
  await queueMailCheck(e2e.db.app, testOutbox(clock), tenant.id, { to, locale, params: { note } });
  const worker = testMailWorker(e2e.db, {
    smtpUrl: catcher!.url,
    clock,
    registry,
    render: createMailRenderer({ i18n, publicUrl: e2e.baseUrl, cache: true }),
  });
  try {
    // The catcher has written the file before it accepts the message, so it is there now.
    expect(await worker.drain()).toMatchObject({ sent: 1 });
  } finally {
    await worker.stop();
  }
  return { subject: `${LANGUAGES[locale].subject}: ${TENANT_NAME} ${note}`, homeUrl: e2e.url(`/${TENANT_SLUG}/`) };
}

/** Clicks a link and waits until the page it points to has loaded. */
async function follow(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute('href');
  expect(href, 'the link has a target').toBeTruthy();
  const target = new URL(href!, page.url()).toString();
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), link.click()]);
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where}:\n${formatViolations(violations)}`).toEqual([]);
}

/** The message page's From/To/Date list as [term, description] pairs. */
function details(page: Page): Promise<[string, string][]> {
  return page
    .locator('dl.details')
    .locator('dt')
    .evaluateAll((terms) =>
      terms.map((term) => {
        const dt = term as unknown as { textContent: string | null; nextElementSibling: typeof dt | null };
        return [(dt.textContent ?? '').trim(), (dt.nextElementSibling?.textContent ?? '').trim()] as [string, string];
      }),
    );
}

for (const [language, { other, switchName, labels }] of Object.entries(LANGUAGES) as [
  Language,
  (typeof LANGUAGES)[Language],
][]) {
  for (const contrast of ['normal', 'high'] as const) {
    e2e.test(
      `${language}, ${contrast} contrast: from the mailbox list to the message and on to the tenant's home`,
      async ({ page }) => {
        const { subject, homeUrl } = await sendMail(language, `journey ${language} ${contrast}`);

        // The browser speaks the other language; the switch makes the page speak this one.
        await page.goto(`/_dev/mailbox?contrast=${contrast}`);
        expect((await pageDisplay(page)).lang).toBe(other.slice(0, 2));
        await follow(page, page.locator('.switches').getByRole('link', { name: switchName, exact: true }));
        expect(await pageDisplay(page)).toMatchObject({ lang: language });
        expect((await pageDisplay(page)).className.includes('contrast-high')).toBe(contrast === 'high');

        // The list: the message under its subject in the mail's language.
        const table = page.getByRole('table');
        const row = table.getByRole('row').filter({ hasText: subject });
        expect(await row.count(), 'one row for the message').toBe(1);
        expect(await row.innerText()).toContain(`journey.${language}.${contrast}@example.test`);
        await expectNoViolations(page, 'the mailbox list');

        // The message: its headers, and the text with the link as a real anchor.
        await follow(page, table.getByRole('link', { name: subject, exact: true }));
        expect(new URL(page.url()).pathname).toMatch(/^\/_dev\/mailbox\/\d{15}-[0-9a-f]{8}$/);
        expect(await pageDisplay(page)).toMatchObject({ lang: language });
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(subject);
        const headers = await details(page);
        expect(headers.map(([term]) => term)).toEqual(labels);
        const [from, to, date] = headers.map(([, description]) => description);
        expect(from).toBe(`${TENANT_NAME} <no-reply@portal.example.test>`);
        expect(to).toContain(`journey.${language}.${contrast}@example.test`);
        // The date as people write it in the page's language, not an ISO timestamp.
        expect(date).toContain(formatters(language, PORTAL_TIME_ZONE).date(new Date()));
        expect(date).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
        const text = page.locator('.mail-text');
        expect(await text.innerText()).toContain(TENANT_NAME);
        const mailLink = text.getByRole('link', { name: homeUrl, exact: true });
        expect(await mailLink.count(), 'the link in the mail is an anchor').toBe(1);
        expect(await mailLink.getAttribute('href')).toBe(homeUrl);
        await expectNoViolations(page, 'the message page');

        // The link in the mail leads to the tenant's home, still in the chosen language.
        await follow(page, mailLink);
        expect(page.url()).toBe(homeUrl);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(TENANT_NAME);
        expect(await pageDisplay(page)).toMatchObject({ lang: language });
      },
      { context: { locale: other } },
    );
  }

  e2e.test(`${language}: the message link in the list is reached with Tab and opened with Enter`, async ({ page }) => {
    const { subject } = await sendMail(language, `keyboard ${language}`);
    await page.goto(`/_dev/mailbox?lang=${language}`);

    let reached = false;
    for (let stops = 0; stops < 100 && !reached; stops++) {
      await page.keyboard.press('Tab');
      const element = await focused(page);
      if (element.tag === 'body') break;
      reached = element.tag === 'a' && element.text === subject;
    }
    expect(reached, `Tab reaches the link "${subject}"`).toBe(true);

    await Promise.all([page.waitForURL(/\/_dev\/mailbox\/\d{15}-[0-9a-f]{8}$/), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(subject);
  });
}
