// The counter's journeys share the demo staff and clients (as `npm run seed` adds them), the
// demo clerk's way in (the sign-in form, then the code of their authenticator app), and a
// client added in person: the clerk's form and handover sheet, then the client's first sign-in
// with its start password. The pages on the way pass the page sweep's checks (journey.ts).
import type { Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { seedDemoClients } from '../../../seeds/demo-clients.ts';
import { DEMO_STAFF, demoStaffEmail, seedDemoStaff } from '../../../seeds/demo-staff.ts';
import type { Clock } from '../../../src/lib/clock.ts';
import { totpAt } from '../../../src/platform/crypto/totp.ts';
import type { Translate } from '../../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import { TEST_DATA_KEY, TEST_PUBLIC_URL } from '../../support/mail.ts';
import { signInThroughForm } from './accounts.ts';
import type { BrowserApp } from './harness.ts';
import { follow, heading, pathOf, press, restyle, type AccessibilityCheck } from './journey.ts';

export const DEMO_CLERK = DEMO_STAFF.find((member) => member.role === 'clerk')!;

/** The demo tenants come with the harness; their demo clients and staff are added before the file's tests. */
export function useDemoPeople(e2e: BrowserApp): void {
  beforeAll(async () => {
    await seedDemoClients(e2e.db.owner, { dataKey: TEST_DATA_KEY });
    await seedDemoStaff(e2e.db.owner, { dataKey: TEST_DATA_KEY });
  });
}

/** The demo clerk (or another demo member), through the sign-in form and the code page, to the start page. */
export async function clerkSignsIn(
  page: Page,
  t: Translate,
  slug: string,
  lang: Locale,
  clock: Clock,
  member: (typeof DEMO_STAFF)[number] = DEMO_CLERK,
): Promise<void> {
  await page.goto(`/${slug}/admin/sign-in?lang=${lang}`);
  expect(await heading(page)).toBe(t('admin:signIn.title'));
  await page.getByLabel(t('admin:signIn.email'), { exact: true }).fill(demoStaffEmail(member, slug));
  await page.getByLabel(t('admin:signIn.password'), { exact: true }).fill(member.password);
  expect(await press(page, t('admin:signIn.submit'))).toEqual({
    status: 303,
    location: `/${slug}/admin/sign-in/code`,
  });
  expect(await heading(page)).toBe(t('admin:code.title'));
  await page.getByLabel(t('admin:code.label'), { exact: true }).fill(totpAt(member.totpSecret, clock.now()));
  expect(await press(page, t('admin:code.submit'))).toEqual({ status: 303, location: `/${slug}/admin/` });
  expect(pathOf(page)).toBe(`/${slug}/admin/`);
  expect(await heading(page)).toBe(t('admin:dashboard.title'));
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
}

/** A person the clerk adds in person: with a PESEL at a tenant that asks for one. */
export interface PersonAtCounter {
  firstName: string;
  lastName: string;
  pesel?: string;
}

/** What the handover sheet gives the client, and where it was shown (once). */
export interface HandoverSheet {
  address: string;
  login: string;
  password: string;
}

/** The value shown beside a term of the sheet's list. */
async function shown(page: Page, term: string): Promise<string> {
  const value = page.locator('main dl dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  return (await value.innerText()).trim();
}

/**
 * From the start page, the clerk adds a client in person with the form the page has, a login
 * and a start password as their way in, and is shown the handover sheet; the page is left there.
 */
export async function clerkAddsClientInPerson(
  page: Page,
  t: Translate,
  slug: string,
  lang: Locale,
  person: PersonAtCounter,
  expectAccessible: AccessibilityCheck,
  publicUrl: string = TEST_PUBLIC_URL,
): Promise<HandoverSheet> {
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

  // The sheet: what the client needs to sign in.
  const tenant = (await page.locator('.brand__name').innerText()).split(' · ')[0]!;
  expect(await heading(page)).toBe(t('adminClients:handover.heading', { tenant }));
  const login = await shown(page, t('adminClients:handover.login'));
  const password = await shown(page, t('adminClients:handover.password'));
  expect(login).toMatch(/^[a-z]\.[a-z]+\.\d{4}$/);
  expect(password).toMatch(/^\S{4}(-\S{4}){3}$/);
  // The portal's public address (PUBLIC_URL), never the Host the request came with.
  expect(await shown(page, t('adminClients:handover.address'))).toBe(`${publicUrl}/${slug}/sign-in`);
  await expectAccessible(page, 'the handover sheet', restyle(page));
  return { address: added.location!, login, password };
}

/**
 * The client, in a browser of their own, signs in with the login and start password from the
 * sheet, is made to choose a password of their own, and goes on to their dashboard.
 */
export async function clientTakesOverStartPassword(
  page: Page,
  t: Translate,
  slug: string,
  lang: Locale,
  person: PersonAtCounter,
  sheet: HandoverSheet,
  expectAccessible: AccessibilityCheck,
): Promise<void> {
  expect(await signInThroughForm(page, slug, sheet.login, sheet.password, `?lang=${lang}`)).toEqual({
    status: 303,
    location: `/${slug}/account/password`,
  });
  expect(await heading(page)).toBe(t('password:change.startTitle'));
  await expectAccessible(page, 'the change of the start password');
  const ownPassword = 'Moje-Własne-Hasło-2026';
  await page.getByLabel(t('password:new'), { exact: true }).fill(ownPassword);
  await page.getByLabel(t('password:confirmation'), { exact: true }).fill(ownPassword);
  expect((await press(page, t('password:change.submit'))).status).toBe(303);
  expect(await page.getByRole('status').innerText()).toBe(t('password:change.changed'));
  await follow(page, t('password:change.toDashboard'));
  expect(pathOf(page)).toBe(`/${slug}/account`);
  expect(await heading(page)).toBe(t('account:greeting', { name: person.firstName }));
  await expectAccessible(page, 'the dashboard');
}
