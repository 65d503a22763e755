// Issue #19's first journey in a real browser: a clerk signs in with TOTP, adds a client in
// person with the form the page has, and prints the handover sheet (Chromium's PDF of it is one
// A4 page); the client, in a browser of their own, signs in with the login and start password
// from the sheet, is made to choose a password of their own, and reaches their dashboard.
// In Polish at the sports centre (its PESEL rule: required) and in Czech at the city office.
// Every page on the way passes the page sweep's checks (support/journey.ts).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { makePesel } from '../../src/lib/pesel.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { TEST_PUBLIC_URL } from '../support/mail.ts';
import { signInThroughForm } from './support/accounts.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);

/** The pages of a PDF as Chromium writes it: one page object each. */
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;

/** The value shown beside a term of the sheet's list. */
async function shown(page: Page, term: string): Promise<string> {
  const value = page.locator('main dl dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  return (await value.innerText()).trim();
}

function handoverJourney(lang: Locale, slug: string, person: { firstName: string; lastName: string; pesel?: string }) {
  e2e.test(
    `${lang} at ${slug}: a client added in person signs in with the printed start password and changes it`,
    async ({ page }) => {
      const t: Translate = texts(lang);
      await clerkSignsIn(page, t, slug, lang, clock);
      await follow(page, t('adminClients:new.link'));
      expect(await heading(page)).toBe(t('adminClients:new.title'));
      await expectAccessible(page, 'the form of a client added in person');

      await page.getByLabel(t('registration:register.firstName'), { exact: true }).fill(person.firstName);
      await page.getByLabel(t('registration:register.lastName'), { exact: true }).fill(person.lastName);
      if (person.pesel) await page.getByLabel(t('registration:register.pesel'), { exact: true }).fill(person.pesel);
      await page.getByRole('radio', { name: t(`adminStaff:invite.languages.${lang}`), exact: true }).check();
      await page.getByRole('radio', { name: t('adminClients:documents.id_card'), exact: true }).check();
      await page.getByLabel(t('adminClients:new.documentEnding'), { exact: true }).fill('ab12');
      await page.getByRole('radio', { name: t('adminClients:accessMethods.login'), exact: true }).check();
      await page.getByLabel(t('adminClients:new.accepted'), { exact: true }).check();
      const added = await press(page, t('adminClients:new.submit'));
      expect(added.status).toBe(303);
      expect(added.location).toMatch(new RegExp(`^/${slug}/admin/clients/[0-9a-f-]{36}/handover$`));

      // The sheet: what the client needs, on one printed page.
      const tenant = (await page.locator('.brand__name').innerText()).split(' · ')[0]!;
      expect(await heading(page)).toBe(t('adminClients:handover.heading', { tenant }));
      const login = await shown(page, t('adminClients:handover.login'));
      const password = await shown(page, t('adminClients:handover.password'));
      expect(login).toMatch(/^[a-z]\.[a-z]+\.\d{4}$/);
      expect(password).toMatch(/^\S{4}(-\S{4}){3}$/);
      // The portal's public address (PUBLIC_URL), never the Host the request came with.
      expect(await shown(page, t('adminClients:handover.address'))).toBe(`${TEST_PUBLIC_URL}/${slug}/sign-in`);
      await expectAccessible(page, 'the handover sheet', restyle(page));
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header').first().isVisible(), 'the print leaves the page header out').toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      expect(pageCount(pdf), 'the sheet prints on one A4 page').toBe(1);
      await page.emulateMedia({ media: 'screen' });

      // Shown once: the address again is the client's page.
      await page.goto(added.location!);
      expect(pathOf(page)).toBe(added.location!.replace(/\/handover$/, ''));

      // The client at home, in a browser of their own.
      const home = await e2e.browser.newContext({ baseURL: e2e.baseUrl, locale: lang });
      try {
        const clientPage = await home.newPage();
        expect(await signInThroughForm(clientPage, slug, login, password, `?lang=${lang}`)).toEqual({
          status: 303,
          location: `/${slug}/account/password`,
        });
        expect(await heading(clientPage)).toBe(t('password:change.startTitle'));
        const ownPassword = 'Moje-Własne-Hasło-2026';
        await clientPage.getByLabel(t('password:new'), { exact: true }).fill(ownPassword);
        await clientPage.getByLabel(t('password:confirmation'), { exact: true }).fill(ownPassword);
        const changed = await press(clientPage, t('password:change.submit'));
        expect(changed.status).toBe(303);
        await clientPage.goto(`/${slug}/account`);
        expect(pathOf(clientPage)).toBe(`/${slug}/account`);
        expect(await clientPage.locator('main').innerText()).toContain(person.firstName);
      } finally {
        await home.close();
      }
    },
    { timeout: 120_000 },
  );
}

handoverJourney('pl', 'mosir-zielonka', {
  firstName: 'Halina',
  lastName: 'Kwiatkowska',
  pesel: makePesel({ year: 1961, month: 4, day: 12, serial: 4821, sex: 'female' }),
});
handoverJourney('cs', 'mesto-lipnik', { firstName: 'Jiřina', lastName: 'Dvořáková' });
