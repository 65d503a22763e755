// The staff's pages of a premises' charges and meters (issue #21) in a real browser, in Polish,
// English and Czech at the demo cooperative: the demo manager opens a flat from the premises
// search and, from its page, its fee components (a new rate sent without a component refused,
// then set), its allowance decisions, its media settlements and its meters (each form refused
// first, then sent right). Every page on the way, answers with errors included, passes the page
// sweep's checks (support/journey.ts): axe in two displays, reflow at 320 px. The page sweeps
// list no staff pages; this is their sweep for these.
import { beforeAll, expect } from 'vitest';
import { seedDemoHousing } from '../../seeds/demo-housing.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { clockStartingNow, MINUTE } from '../support/clock.ts';
import { clerkSignsIn, DEMO_MANAGER, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, fillByLabel, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const SLUG = 'sm-sloneczna';
const FLAT = 'SL12-004';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);
beforeAll(async () => {
  await seedDemoHousing(e2e.db.owner, clock.now());
});

const LANGUAGES: readonly Locale[] = ['pl', 'en', 'cs'];

for (const [index, lang] of LANGUAGES.entries()) {
  e2e.test(
    `${lang}: a manager sets a fee rate, records an allowance, books a settlement and a reading; every page accessible`,
    async ({ page }) => {
      const t = texts(lang);
      const year = Number(clock.now().toISOString().slice(0, 4));
      // A new code for each sign-in: a code is taken once.
      clock.advance(MINUTE);
      await clerkSignsIn(page, t, SLUG, lang, clock, DEMO_MANAGER);
      await page.goto(`/${SLUG}/admin/premises?code=${FLAT}`);
      await follow(page, FLAT);
      const premisesPath = pathOf(page);
      /** Opens one of the premises' records from its page, and checks it. */
      const open = async (record: string, title: string) => {
        await page.goto(premisesPath);
        await follow(page, t(`housingDesk:records.${record}`));
        expect(await heading(page)).toBe(title);
        await expectAccessible(page, `${lang}: the premises' ${record}`);
      };
      /** Sends a form refused at `field`, and checks the answer. */
      const refused = async (submit: string, field: string, where: string) => {
        expect(await press(page, submit)).toEqual({ status: 422, location: undefined });
        expect(await page.locator(`#${field}-error`).count()).toBe(1);
        await expectAccessible(page, `${lang}: ${where} refused`, restyle(page));
      };
      /** Sends a form that is taken, and checks the notice. */
      const taken = async (submit: string, notice: string, where: string) => {
        expect(await press(page, submit)).toMatchObject({ status: 303 });
        expect(await page.getByRole('status').innerText()).toBe(notice);
        await expectAccessible(page, `${lang}: ${where}`);
      };

      await open('fees', t('housingDesk:fees.title', { code: FLAT }));
      await refused(t('housingDesk:fees.newRate.submit'), 'component', 'a new rate');
      await page.locator('input[name="component"]').first().check();
      await fillByLabel(page, {
        [t('housingDesk:fees.newRate.rate')]: `4,1${index}`,
        [t('housingDesk:fees.newRate.from')]: `${year + 1}-0${index + 1}-01`,
      });
      await taken(t('housingDesk:fees.newRate.submit'), t('housingDesk:fees.notices.rateChanged'), 'a new rate');

      await open('allowances', t('housingDesk:allowances.title', { code: FLAT }));
      await fillByLabel(page, { [t('housingDesk:allowances.form.amount')]: '12,345' });
      await refused(t('housingDesk:allowances.form.submit'), 'amount', 'an allowance decision');
      await fillByLabel(page, {
        [t('housingDesk:allowances.form.title')]: `MOPS ${index + 1}/${year}`,
        [t('housingDesk:allowances.form.amount')]: '120,00',
        [t('housingDesk:allowances.form.from')]: `${year}-01-01`,
        [t('housingDesk:allowances.form.to')]: `${year}-06-30`,
      });
      await taken(t('housingDesk:allowances.form.submit'), t('housingDesk:allowances.notices.recorded'), 'a decision');

      await open('settlements', t('housingDesk:settlements.title', { code: FLAT }));
      await page.getByRole('radio', { name: t('housingDesk:settlements.form.media.water'), exact: true }).check();
      await fillByLabel(page, { [t('housingDesk:settlements.form.consumption')]: '1,2345' });
      await refused(t('housingDesk:settlements.form.submit'), 'consumption', 'a settlement');
      // Two months of the year before last, a different two for each language: none overlaps.
      await fillByLabel(page, {
        [t('housingDesk:settlements.form.periodFrom')]: `${year - 2}-0${2 * index + 1}-01`,
        [t('housingDesk:settlements.form.periodTo')]: `${year - 2}-0${2 * index + 2}-28`,
        [t('housingDesk:settlements.form.consumption')]: '9,5',
        [t('housingDesk:settlements.form.cost')]: '150,00',
        [t('housingDesk:settlements.form.advances')]: '100',
      });
      await taken(
        t('housingDesk:settlements.form.submit'),
        t('housingDesk:settlements.notices.booked'),
        'a settlement',
      );

      await open('meters', t('meters:desk.title', { code: FLAT }));
      await refused(t('meters:form.submit'), 'kind', 'a meter reading');
      await page.getByRole('radio', { name: `${t('meters:kinds.heat')} (GJ)`, exact: true }).check();
      await fillByLabel(page, { [t('meters:form.number')]: `E2E-${lang}`, [t('meters:form.value')]: '1,5' });
      await taken(t('meters:form.submit'), t('meters:desk.notices.recorded'), 'a meter reading');
    },
    { timeout: 240_000 },
  );
}
