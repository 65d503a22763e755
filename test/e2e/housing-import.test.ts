// The import from the accounting system (issue #21) in a real browser, in Polish at the demo
// cooperative: the demo manager signs in, opens the import page from the start page, and sends
// a file with a bad row through the page's form: with JavaScript the form is sent by the page's
// script (public/js/upload-progress.js), whose progress bar shows, and the answer (the bad row
// named by its line) replaces the page in place. Then the demo's sample file
// (docs/samples/sm-sloneczna-entries.csv): its report, the button that imports it, the result.
// The same file sent again, in a browser with JavaScript off, is checked and imported by the
// plain form and adds nothing. Every page passes the page sweep's checks (axe, reflow).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_STAFF, demoStaffEmail } from '../../seeds/demo-staff.ts';
import { seedDemoHousing } from '../../seeds/demo-housing.ts';
import { totpAt } from '../../src/platform/crypto/totp.ts';
import { clockStartingNow } from '../support/clock.ts';
import { useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const SLUG = 'sm-sloneczna';
const LANG = 'pl';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);
const t = texts(LANG);

const MANAGER = DEMO_STAFF.find((member) => member.role === 'manager')!;
const SAMPLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/samples/sm-sloneczna-entries.csv',
);
const SAMPLE_ROWS = 5;
const IMPORT_PATH = `/${SLUG}/admin/premises/import`;

/** The demo manager, through the sign-in form and the code page, to the start page. */
async function managerSignsIn(page: Page): Promise<void> {
  // A code is good once: each sign-in is in a time step of its own.
  clock.advance(30_000);
  await page.goto(`/${SLUG}/admin/sign-in?lang=${LANG}`);
  await page.getByLabel(t('admin:signIn.email'), { exact: true }).fill(demoStaffEmail(MANAGER, SLUG));
  await page.getByLabel(t('admin:signIn.password'), { exact: true }).fill(MANAGER.password);
  await press(page, t('admin:signIn.submit'));
  await page.getByLabel(t('admin:code.label'), { exact: true }).fill(totpAt(MANAGER.totpSecret, clock.now()));
  expect(await press(page, t('admin:code.submit'))).toEqual({ status: 303, location: `/${SLUG}/admin/` });
}

/** A file of the sample's header and one row with an amount that is none, on line 3. */
function badFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'okienko-import-')), 'zle-zapisy.csv');
  writeFileSync(
    file,
    'id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł\r\n' +
      'FK/9/1;SL12-004;eksploatacja;naliczenie;01.11.2026;10.11.2026;10,00;Dobra\r\n' +
      'FK/9/2;SL12-004;eksploatacja;naliczenie;01.11.2026;10.11.2026;12,345;Zła\r\n',
  );
  return file;
}

e2e.test(
  'a manager imports the accounting system’s file through the page',
  async ({ page }) => {
    await seedDemoHousing(e2e.db.owner, clock.now());
    await managerSignsIn(page);
    await follow(page, t('housingImport:dashboardLink'));
    expect(pathOf(page)).toBe(IMPORT_PATH);
    expect(await heading(page)).toBe(t('housingImport:form.title'));
    await expectAccessible(page, 'the import form');

    // A bad file, sent by the page's script: its answer replaces the page where it is.
    const sentByScript: boolean[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === IMPORT_PATH) {
        sentByScript.push(!request.isNavigationRequest());
      }
    });
    await page.getByLabel(t('housingImport:form.file'), { exact: true }).setInputFiles(badFile());
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === IMPORT_PATH);
    await page.getByRole('button', { name: t('housingImport:form.submit'), exact: true }).click();
    expect((await answered).status()).toBe(422);
    await expect.poll(() => page.locator('#problems-heading').count()).toBe(1);
    expect(sentByScript).toEqual([true]);
    expect(await page.locator('#problems-heading').innerText()).toBe(
      t('housingImport:report.problemsHeading', { count: 1 }),
    );
    const problem = t('housingImport:report.atLine', {
      line: 3,
      message: t('housingImport:problems.badAmount', { column: t('housingImport:columns.amount') }),
    });
    expect(await page.locator('main').innerText()).toContain(problem);
    await expectAccessible(page, 'a file’s problems', restyle(page));

    // The sample: checked, kept, reported, imported.
    await page.getByLabel(t('housingImport:form.file'), { exact: true }).setInputFiles(SAMPLE);
    const reported = await press(page, t('housingImport:form.submit'));
    expect(reported.status).toBe(200);
    expect(sentByScript).toEqual([true, true]);
    expect(pathOf(page)).toMatch(new RegExp(`^${IMPORT_PATH}/[0-9a-f-]{36}$`));
    expect(await heading(page)).toBe(t('housingImport:kept.title'));
    const report = await page.locator('main').innerText();
    expect(report).toContain('sm-sloneczna-entries.csv');
    expect(report).toContain(t('housingImport:kept.ready'));
    await expectAccessible(page, 'a kept file’s report');
    const keptPath = pathOf(page);
    expect(await press(page, t('housingImport:kept.submit', { count: SAMPLE_ROWS }))).toEqual({
      status: 303,
      location: keptPath,
    });
    expect(await heading(page)).toBe(t('housingImport:kept.doneTitle'));
    expect(await page.getByRole('status').innerText()).toBe(t('housingImport:kept.done'));
    await expectAccessible(page, 'the import’s result');

    // Without JavaScript the plain form does it all; the same file adds nothing.
    await e2e.anotherBrowser('without JavaScript', { javaScriptEnabled: false }, async ({ page: plain }) => {
      await managerSignsIn(plain);
      await plain.goto(IMPORT_PATH);
      expect(await plain.locator('.upload-progress').isHidden()).toBe(true);
      await plain.getByLabel(t('housingImport:form.file'), { exact: true }).setInputFiles(SAMPLE);
      const sent = await press(plain, t('housingImport:form.submit'));
      expect(sent.status).toBe(303);
      expect(await plain.locator('main').innerText()).toContain(t('housingImport:kept.nothingToAdd'));
      await press(plain, t('housingImport:kept.submit', { count: 0 }));
      expect(await heading(plain)).toBe(t('housingImport:kept.doneTitle'));
      expect(await plain.getByRole('status').innerText()).toBe(t('housingImport:kept.doneNothing'));
    });
  },
  { timeout: 180_000 },
);
