// The counter of issue #19 in a real browser, as a clerk uses it, once in each language at one
// demo tenant: in Polish at the sports centre (a client with a PESEL), in English at the
// housing cooperative (an account issued at its office, a login and no e-mail), in Czech at
// the city office. The demo client signs in, in a browser of their own; the demo clerk signs in
// with a password and the code of their authenticator app, and on the start page types the
// client's surname as people type it at a counter: in lower case, without the marks. The
// results show the client as a person reads them (name, masked PESEL, account); the link opens
// the client's page, where the clerk signs them out everywhere, and the client's browser is
// sent to the sign-in page. On the way: a search one character long is refused with the error
// summary linking to the box, and a surname with two letters swapped offers the closest names.
//
// Every distinct page on the way passes what the page sweep checks: no WCAG 2.1 A/AA violation
// axe can find (standard display; largest text in high contrast), and at 320 px nothing scrolls
// sideways in any text size (support/journey.ts). The results and the refusal are answers to a
// POST, so their display is set in the page itself, which is all the server changes for one.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_CLIENTS, type DemoClient } from '../../seeds/demo-clients.ts';
import { DEMO_TENANTS } from '../../seeds/demo-tenants.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { maskPesel, parsePesel } from '../../src/lib/pesel.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { signInThroughForm } from './support/accounts.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, reopen, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);

useDemoPeople(e2e);

function demoClientAt(slug: string): DemoClient {
  const client = DEMO_CLIENTS.find((demo) => demo.tenantSlug === slug);
  if (!client) throw new Error(`a demo client at ${slug}`);
  return client;
}

/** Types into the page's search box and presses its button; the POST's status. */
async function search(page: Page, t: Translate, typed: string): Promise<number> {
  const box = page.getByRole('search', { name: t('adminClients:search.title'), exact: true });
  await box.getByLabel(t('adminClients:search.label'), { exact: true }).fill(typed);
  const { status, location } = await press(page, t('adminClients:search.submit'), box);
  expect(location, 'the results are the answer itself, not a redirect').toBeUndefined();
  return status;
}

/** The visible text of the result row whose link names the client, as "Surname First name". */
async function resultRow(page: Page, caption: string, name: string): Promise<string> {
  const table = page.locator('main table', { has: page.locator('caption', { hasText: caption }) });
  const row = table.locator('tbody tr', { has: page.getByRole('link', { name, exact: true }) });
  expect(await row.count(), `one row of "${caption}" names ${name}`).toBe(1);
  return row.innerText();
}

/** The headings of the main part below the page's own, as a person scanning the page sees them. */
async function sections(page: Page): Promise<string[]> {
  return (await page.locator('main h2').allInnerTexts()).map((text) => text.trim());
}

interface Visit {
  lang: Locale;
  slug: string;
  /** The surname as a clerk types it: lower case, without the marks. */
  typed: string;
  /** The surname with two letters swapped. */
  typo: string;
  /** The birth date as the page writes it in the language, where the client has a PESEL. */
  bornOn?: string;
  /** Where signing in leads the client. */
  landing: string;
}

async function newBrowser(lang: Locale): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, locale: lang });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  return context;
}

function counterJourney(visit: Visit): void {
  const { lang, slug } = visit;
  const client = demoClientAt(slug);
  const name = `${client.lastName} ${client.firstName}`;
  e2e.test(
    `${lang} at ${slug}: a clerk finds ${client.lastName} as typed without marks, opens the page and signs them out everywhere`,
    async ({ page }) => {
      const t = texts(lang);

      // The client, signed in in a browser of their own.
      const clientBrowser = await newBrowser(lang);
      try {
        const clientPage = await clientBrowser.newPage();
        const identifier = client.email ?? client.login!;
        expect(await signInThroughForm(clientPage, slug, identifier, client.password, `?lang=${lang}`)).toEqual({
          status: 303,
          location: `/${slug}${visit.landing}`,
        });
        expect(pathOf(clientPage)).toBe(`/${slug}${visit.landing}`);

        // The clerk, and the search box on the start page.
        await clerkSignsIn(page, t, slug, lang, clock);
        expect(await sections(page)).toContain(t('admin:dashboard.counter'));
        expect(await page.getByRole('search').count(), 'one search box').toBe(1);
        await expectAccessible(page, 'the start page with the search box');

        // One character: refused, the summary naming the problem and leading to the box.
        expect(await search(page, t, client.lastName.slice(0, 1).toLowerCase())).toBe(422);
        expect(pathOf(page)).toBe(`/${slug}/admin/clients`);
        expect(await heading(page)).toBe(t('adminClients:search.title'));
        expect((await page.title()).split(' – ')[0], 'the page’s title says there is a problem first').toBe(
          t('common:titleWithErrors', { title: t('adminClients:search.title') }),
        );
        const summary = page.getByRole('alert');
        expect(await summary.getByRole('heading').innerText()).toBe(t('validation:summary'));
        const toBox = summary.getByRole('link', { name: t('adminClients:search.tooShort'), exact: true });
        const box = page.getByLabel(t('adminClients:search.label'), { exact: true });
        expect(await box.getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator('main .field-error').innerText()).toContain(t('adminClients:search.tooShort'));
        expect(await box.inputValue(), 'the box keeps what was typed').toBe(client.lastName.slice(0, 1).toLowerCase());
        await expectAccessible(page, 'the refused search', restyle(page));
        await toBox.click();
        await expect.poll(() => box.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);

        // A typo: no name contains it; the closest names are offered, and say so.
        expect(await search(page, t, visit.typo)).toBe(200);
        expect(await page.getByRole('alert').count(), 'the error is gone').toBe(0);
        expect(await page.locator('main').innerText()).toContain(
          t('adminClients:results.similarIntro', { query: visit.typo }),
        );
        expect(await resultRow(page, t('adminClients:results.similar'), name)).toContain(name);

        // The surname as typed at the counter. The account is active: the issued one too, as
        // its start password has been used (the client is asked to change it).
        expect(await search(page, t, visit.typed)).toBe(200);
        expect(await sections(page)).toContain(t('adminClients:results.heading', { query: visit.typed }));
        expect(await page.getByRole('status').textContent()).toBe(t('adminClients:results.found', { count: 1 }));
        const row = await resultRow(page, t('adminClients:results.named'), name);
        expect(row).toContain(name);
        expect(row).toContain(t('adminClients:statuses.active'));
        expect(row).toContain(identifier);
        if (client.pesel) {
          const parsed = parsePesel(client.pesel);
          if (!parsed.ok) throw new Error(`the demo PESEL ${client.pesel} is valid`);
          const { lastDigits } = maskPesel(parsed.pesel);
          expect(row).toContain(t('pesel:masked', { birthDate: visit.bornOn!, lastDigits }));
          expect(row, 'never the whole PESEL').not.toContain(client.pesel);
        } else {
          expect(row).toContain(t('adminClients:none'));
        }
        await expectAccessible(page, 'the results', restyle(page));

        // The client's page.
        await follow(page, name);
        expect(pathOf(page)).toMatch(new RegExp(`^/${slug}/admin/clients/[0-9a-f-]{36}$`));
        expect(await heading(page)).toBe(`${client.firstName} ${client.lastName}`);
        // The features' panels: at a tenant that keeps premises, the client's rights to them; at
        // one that issues the Client Card, the client's cards.
        const demoTenant = DEMO_TENANTS.find(({ tenant }) => tenant.slug === slug)!.tenant;
        const modules = demoTenant.modules ?? [];
        expect(await sections(page)).toEqual([
          t('adminClients:client.details'),
          t('adminClients:client.actions'),
          ...(modules.includes('client_card') ? [t('cards:panel.heading')] : []),
          ...(modules.includes('premises') ? [t('housing:rights.panel.heading')] : []),
          t('adminClients:client.sessions'),
          t('adminClients:client.signIns'),
          t('adminClients:client.mails'),
        ]);
        const details = await page.locator('main dl').innerText();
        expect(details).toContain(t('adminClients:statuses.active'));
        const sessions = page.locator('main table', {
          has: page.locator('caption', { hasText: t('adminClients:client.sessionsCaption', { count: 1 }) }),
        });
        expect(await sessions.locator('tbody tr').count(), 'the client is signed in once').toBe(1);
        expect(await page.locator('main').innerText()).toContain(t('adminClients:client.noMails'));
        await expectAccessible(page, 'the client’s page', reopen(page));

        // Signed out everywhere: the notice, no session left, and the client's browser signed out.
        const clientUrl = pathOf(page);
        expect(await press(page, t('adminClients:client.endSessions'))).toEqual({
          status: 303,
          location: `${clientUrl}?done=sessionsEnded`,
        });
        expect(await page.getByRole('status').innerText()).toBe(t('adminClients:notices.sessionsEnded'));
        expect(await page.locator('main').innerText()).toContain(t('adminClients:client.noSessions'));
        expect(await page.getByRole('button', { name: t('adminClients:client.endSessions') }).count()).toBe(0);

        await clientPage.reload();
        expect(pathOf(clientPage), 'the client’s browser is sent to sign in').toBe(`/${slug}/sign-in`);
      } catch (error) {
        // The harness saves the pages of the test's own browser; this one's too.
        for (const open of clientBrowser.pages()) {
          const saved = await e2e.screenshot(open, `${lang} the client's browser`).catch(() => undefined);
          if (saved) console.error(`screenshot of the client's browser: ${saved} (${open.url()})`);
        }
        throw error;
      } finally {
        await clientBrowser.close();
      }
    },
    { timeout: 120_000 },
  );
}

counterJourney({
  lang: 'pl',
  slug: 'mosir-zielonka',
  typed: 'kowalski',
  typo: 'Kowlaski',
  bornOn: '12 marca 1985',
  landing: '/account',
});

counterJourney({
  lang: 'en',
  slug: 'sm-sloneczna',
  typed: 'zielinska',
  typo: 'Zielinksa',
  landing: '/account/password',
});

counterJourney({
  lang: 'cs',
  slug: 'mesto-lipnik',
  typed: 'svobodova',
  typo: 'Svobodvoa',
  landing: '/account',
});
