// The counter's journeys share the demo staff and clients (as `npm run seed` adds them) and the
// demo clerk's way in: the sign-in form, then the code of their authenticator app.
import type { Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { seedDemoClients } from '../../../seeds/demo-clients.ts';
import { DEMO_STAFF, demoStaffEmail, seedDemoStaff } from '../../../seeds/demo-staff.ts';
import type { Clock } from '../../../src/lib/clock.ts';
import { totpAt } from '../../../src/platform/crypto/totp.ts';
import type { Translate } from '../../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { TEST_DATA_KEY } from '../../support/mail.ts';
import type { BrowserApp } from './harness.ts';
import { heading, pathOf, press } from './journey.ts';

export const DEMO_CLERK = DEMO_STAFF.find((member) => member.role === 'clerk')!;

/** The demo tenants come with the harness; their demo clients and staff are added before the file's tests. */
export function useDemoPeople(e2e: BrowserApp): void {
  beforeAll(async () => {
    await seedDemoClients(e2e.db.owner, { dataKey: TEST_DATA_KEY });
    await seedDemoStaff(e2e.db.owner, { dataKey: TEST_DATA_KEY });
  });
}

/** The demo clerk, through the sign-in form and the code page, to the start page. */
export async function clerkSignsIn(page: Page, t: Translate, slug: string, lang: Locale, clock: Clock): Promise<void> {
  await page.goto(`/${slug}/admin/sign-in?lang=${lang}`);
  expect(await heading(page)).toBe(t('admin:signIn.title'));
  await page.getByLabel(t('admin:signIn.email'), { exact: true }).fill(demoStaffEmail(DEMO_CLERK, slug));
  await page.getByLabel(t('admin:signIn.password'), { exact: true }).fill(DEMO_CLERK.password);
  expect(await press(page, t('admin:signIn.submit'))).toEqual({
    status: 303,
    location: `/${slug}/admin/sign-in/code`,
  });
  expect(await heading(page)).toBe(t('admin:code.title'));
  await page.getByLabel(t('admin:code.label'), { exact: true }).fill(totpAt(DEMO_CLERK.totpSecret, clock.now()));
  expect(await press(page, t('admin:code.submit'))).toEqual({ status: 303, location: `/${slug}/admin/` });
  expect(pathOf(page)).toBe(`/${slug}/admin/`);
  expect(await heading(page)).toBe(t('admin:dashboard.title'));
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
}
