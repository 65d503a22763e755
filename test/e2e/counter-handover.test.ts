// Issue #19's first journey in a real browser: a clerk signs in with TOTP, adds a client in
// person with the form the page has, and prints the handover sheet (Chromium's PDF of it is one
// A4 page); the client, in a browser of their own, signs in with the login and start password
// from the sheet, is made to choose a password of their own, and reaches their dashboard.
// In Polish at the sports centre (its PESEL rule: required) and in Czech at the city office.
// Every page on the way passes the page sweep's checks (support/journey.ts); the steps are
// support/counter.ts's, which other journeys of a client added in person take too.
import { expect } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { makePesel } from '../../src/lib/pesel.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import {
  clerkAddsClientInPerson,
  clerkSignsIn,
  clientTakesOverStartPassword,
  useDemoPeople,
  type PersonAtCounter,
} from './support/counter.ts';
import { pdfPageCount } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, pathOf } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);

function handoverJourney(lang: Locale, slug: string, person: PersonAtCounter) {
  e2e.test(
    `${lang} at ${slug}: a client added in person signs in with the printed start password and changes it`,
    async ({ page }) => {
      const t: Translate = texts(lang);
      await clerkSignsIn(page, t, slug, lang, clock);
      const sheet = await clerkAddsClientInPerson(page, t, slug, lang, person, expectAccessible);

      // The sheet prints on one page, without the page's header.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header').first().isVisible(), 'the print leaves the page header out').toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      expect(pdfPageCount(pdf), 'the sheet prints on one A4 page').toBe(1);
      await page.emulateMedia({ media: 'screen' });

      // Shown once: the address again is the client's page.
      await page.goto(sheet.address);
      expect(pathOf(page)).toBe(sheet.address.replace(/\/handover$/, ''));

      // The client at home, in a browser of their own.
      await e2e.anotherBrowser(`${lang} the client's browser`, { locale: lang }, ({ page: home }) =>
        clientTakesOverStartPassword(home, t, slug, lang, person, sheet, expectAccessible),
      );
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
