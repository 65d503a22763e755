// The managers' pass catalogue (issue #22) in a real browser, in Polish, English and Czech at the
// demo sports centre: the demo manager opens the season pass types from the start page (the demo
// seeds' three listed), adds one (a reduced price not below the price refused first), opens its
// page and withdraws it from sale. Every page on the way, the refusal included, passes the page
// sweep's checks (support/journey.ts): axe in two displays, reflow at 320 px. The page sweeps list
// no staff pages; this is their sweep.
import { expect } from 'vitest';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { clockStartingNow, MINUTE } from '../support/clock.ts';
import { clerkSignsIn, DEMO_MANAGER, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, fillByLabel, follow, heading, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const SLUG = 'mosir-zielonka';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);

const LANGUAGES: readonly Locale[] = ['pl', 'en', 'cs'];

for (const lang of LANGUAGES) {
  e2e.test(
    `${lang}: a manager adds a season pass type and withdraws it from sale; every page accessible`,
    async ({ page }) => {
      const t = texts(lang);
      // A new code for each sign-in: a code is taken once.
      clock.advance(MINUTE);
      await clerkSignsIn(page, t, SLUG, lang, clock, DEMO_MANAGER);

      await follow(page, t('passCatalogue:dashboardLink'));
      expect(await heading(page)).toBe(t('passCatalogue:title'));
      const listed = await page.locator('table').innerText();
      for (const demo of [
        'Karnet miesięczny — basen',
        'Karnet 10 wejść — siłownia',
        'Karnet 8 wejść — fitness, 60 dni',
      ]) {
        expect(listed).toContain(demo);
      }
      await expectAccessible(page, `${lang}: the pass catalogue`);

      const name = `Karnet kwartalny — basen (${lang})`;
      await fillByLabel(page, {
        [t('passCatalogue:form.name')]: name,
        [t('passCatalogue:form.code')]: `basen-kwartalny-${lang}`,
        [t('passCatalogue:form.facility')]: 'pływalnia',
        [t('passCatalogue:form.price')]: '300,00',
        [t('passCatalogue:form.validityDays')]: '90',
        [t('passCatalogue:form.reducedPrice')]: '300,00',
      });
      await page.getByLabel(t('cards:entitlements.student'), { exact: true }).check();
      expect(await press(page, t('passCatalogue:form.create'))).toEqual({ status: 422, location: undefined });
      expect(await page.locator('#reducedPrice-error').innerText()).toContain(
        t('passCatalogue:errors.reducedNotBelow'),
      );
      await expectAccessible(page, `${lang}: a new pass type refused`, restyle(page));

      await fillByLabel(page, { [t('passCatalogue:form.reducedPrice')]: '150,00' });
      expect(await press(page, t('passCatalogue:form.create'))).toEqual({
        status: 303,
        location: `/${SLUG}/admin/cards/passes?done=added`,
      });
      expect(await page.getByRole('status').innerText()).toBe(t('passCatalogue:notices.added'));

      await follow(page, name);
      expect(await heading(page)).toBe(name);
      await expectAccessible(page, `${lang}: a pass type`);
      await page.getByLabel(t('passCatalogue:form.onSale'), { exact: true }).uncheck();
      const saved = await press(page, t('passCatalogue:form.save'));
      expect(saved.location).toMatch(new RegExp(`^/${SLUG}/admin/cards/passes/[0-9a-f-]{36}\\?done=saved$`));
      expect(await page.getByRole('status').innerText()).toBe(t('passCatalogue:notices.saved'));
    },
    { timeout: 180_000 },
  );
}
