// The staff's buildings and premises pages (issue #21) in a real browser, in Polish, English and
// Czech at the demo cooperative: the demo manager signs in, opens the buildings from the start
// page, adds a building (an empty form refused first), adds premises to it (an area with three
// decimals refused first), opens the new premises and its correction form, pastes a list of
// account numbers with a wrong line (refused), and opens the housing settings. Every page on the
// way, answers with errors included, passes the page sweep's checks (support/journey.ts): axe in
// two displays, reflow at 320 px. The page sweeps list no staff pages; this is their sweep.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_STAFF } from '../../seeds/demo-staff.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { clockStartingNow, MINUTE } from '../support/clock.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const SLUG = 'sm-sloneczna';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);
const DEMO_MANAGER = DEMO_STAFF.find((member) => member.role === 'manager')!;

const LANGUAGES: readonly Locale[] = ['pl', 'en', 'cs'];

async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

for (const [index, lang] of LANGUAGES.entries()) {
  e2e.test(
    `${lang}: a manager adds a building and premises, corrects them and pastes the bank's numbers; every page accessible`,
    async ({ page }) => {
      const t = texts(lang);
      // A new code for each sign-in: a code is taken once.
      clock.advance(MINUTE);
      await clerkSignsIn(page, t, SLUG, lang, clock, DEMO_MANAGER);

      await follow(page, t('housingStaff:buildings.dashboardLink'));
      expect(await heading(page)).toBe(t('housingStaff:buildings.title'));
      await expectAccessible(page, `${lang}: the buildings`);

      await follow(page, t('housingStaff:buildings.add'));
      expect(await heading(page)).toBe(t('housingStaff:building.newTitle'));
      await expectAccessible(page, `${lang}: a new building`);
      expect(await press(page, t('housingStaff:building.create'))).toEqual({ status: 422, location: undefined });
      expect(await page.locator('#street-error').innerText()).toContain(t('housingStaff:building.streetMissing'));
      await expectAccessible(page, `${lang}: a new building refused`, restyle(page));
      const street = `ul. Nowa ${index + 1}`;
      await fill(page, {
        [t('housingStaff:building.street')]: street,
        [t('housingStaff:building.houseNumber')]: '5',
        [t('housingStaff:building.postalCode')]: '40-282',
        [t('housingStaff:building.city')]: 'Katowice',
      });
      const created = await press(page, t('housingStaff:building.create'));
      expect(created.location).toMatch(new RegExp(`^/${SLUG}/admin/buildings/[0-9a-f-]{36}\\?done=created$`));
      expect(await page.getByRole('status').innerText()).toBe(t('housingStaff:building.notices.created'));
      await expectAccessible(page, `${lang}: the building`);

      await follow(page, t('housingStaff:building.addPremises'));
      expect(await heading(page)).toBe(t('housingStaff:premises.newTitle', { street, house: '5' }));
      await expectAccessible(page, `${lang}: new premises`);
      await fill(page, {
        [t('housingStaff:premises.number')]: '1',
        [t('housing:desk.list.code')]: `NOWA-${lang}-1`,
        [t('housingStaff:premises.area')]: '48,355',
        [t('housing:overview.data.persons')]: '2',
        [t('housingStaff:premises.opening', { fund: t('housing:funds.maintenance') })]: '120,50',
      });
      expect(await press(page, t('housingStaff:premises.create'))).toEqual({ status: 422, location: undefined });
      expect(await page.locator('#area-error').innerText()).toContain(t('housingStaff:premises.areaFormat'));
      await expectAccessible(page, `${lang}: new premises refused`, restyle(page));
      await fill(page, { [t('housingStaff:premises.area')]: '48,35' });
      const added = await press(page, t('housingStaff:premises.create'));
      expect(added.location).toMatch(new RegExp(`^/${SLUG}/admin/premises/[0-9a-f-]{36}\\?done=created$`));
      expect(await page.getByRole('status').innerText()).toBe(t('housing:desk.notices.created'));
      await expectAccessible(page, `${lang}: the new premises`);

      await follow(page, t('housingStaff:premises.edit'));
      expect(await heading(page)).toBe(t('housingStaff:premises.editTitle', { code: `NOWA-${lang}-1` }));
      await expectAccessible(page, `${lang}: the premises' correction`);

      await page.goto(`/${SLUG}/admin/account-numbers`);
      expect(await heading(page)).toBe(t('housingStaff:accountNumbers.title'));
      await expectAccessible(page, `${lang}: the account numbers`);
      await page
        .getByLabel(t('housingStaff:accountNumbers.numbers'), { exact: true })
        .fill('12 3456\nPL61109010140000071219812874');
      expect(await press(page, t('housingStaff:accountNumbers.submit'))).toEqual({ status: 422, location: undefined });
      expect(await page.locator('#numbers-error').innerText()).toContain(
        t('housingStaff:accountNumbers.problems.format', { line: 1 }),
      );
      await expectAccessible(page, `${lang}: a list of numbers refused`, restyle(page));

      await page.goto(`/${SLUG}/admin/settings/housing`);
      expect(await heading(page)).toBe(t('adminSettings:groups.housing.title'));
      await expectAccessible(page, `${lang}: the housing settings`);
    },
    { timeout: 180_000 },
  );
}
