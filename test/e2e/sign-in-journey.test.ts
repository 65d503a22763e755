// Signing in, changing the password and signing out in a real browser (issue #6), with axe on
// every page on the way and on each error state:
//   - in English at the sports centre: a wrong password, then the right one; the dashboard
//     greets by name; a second browser signed in as the same client is signed out when the
//     first changes the password; after signing out, the first browser's old session cookie,
//     replayed in a fresh browser, opens nothing;
//   - in Polish at the transport company: an account opened at the front desk (a login, a
//     start password, no e-mail) can do nothing but choose its own password, which may not be
//     the start password; then the dashboard opens.
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { expect } from 'vitest';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import {
  activeClientAt,
  demoTenant,
  issuedClientAt,
  signInThroughForm,
  signInToDashboard,
} from './support/accounts.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { useBrowserApp } from './support/harness.ts';
import { texts } from './support/texts.ts';

const e2e = useBrowserApp({ file: import.meta.url });

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where} (${page.url()}):\n${formatViolations(violations)}`).toEqual([]);
}

const heading = async (page: Page) => (await page.getByRole('heading', { level: 1 }).innerText()).trim();
const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Clicks a button in the page's main part; the POST's status and redirect, once the next page has loaded. */
async function press(page: Page, button: string): Promise<{ status: number; location?: string }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('main').getByRole('button', { name: button, exact: true }).click(),
  ]);
  const location = response.headers().location;
  if (location) await page.waitForURL((url) => `${url.pathname}${url.search}` === location);
  else await page.waitForLoadState();
  return { status: response.status(), location };
}

/** Opens a page behind sign-in and checks that it lands on the sign-in form instead. */
async function expectSentToSignIn(page: Page, slug: string, t: Translate): Promise<void> {
  await page.goto(`/${slug}/account`);
  expect(pathOf(page), 'a page behind sign-in leads to the sign-in form').toBe(`/${slug}/sign-in`);
  expect(await heading(page)).toBe(t('signIn:title'));
}

async function newContext(): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl });
  context.setDefaultTimeout(10_000);
  return context;
}

e2e.test(
  'sign in, a second browser, change the password: the second is signed out; an old cookie replayed opens nothing',
  async ({ context, page }) => {
    const t = texts('en');
    const slug = 'mosir-zielonka';
    const client = await activeClientAt(e2e, slug, { first_name: 'Zofia', preferred_locale: 'en' });
    const newPassword = 'Wieczorny-Basen-48!';

    // The sign-in page, then its error state after a wrong password.
    await page.goto(`/${slug}/sign-in?lang=en`);
    expect(await heading(page)).toBe(t('signIn:title'));
    await expectNoViolations(page, 'the sign-in page');
    await page.getByLabel(t('signIn:identifier')).fill(client.email);
    await page.getByLabel(t('signIn:password'), { exact: true }).fill('Not-The-Password-1');
    expect(await press(page, t('signIn:submit'))).toEqual({ status: 401, location: undefined });
    expect(await page.getByRole('alert').innerText()).toContain(t('signIn:refused'));
    expect(await page.getByLabel(t('signIn:identifier')).inputValue(), 'the identifier is kept').toBe(client.email);
    expect(await page.getByLabel(t('signIn:password'), { exact: true }).inputValue(), 'the password is not').toBe('');
    await expectNoViolations(page, 'the sign-in page after a wrong password');

    await page.getByLabel(t('signIn:password'), { exact: true }).fill(client.password);
    expect(await press(page, t('signIn:submit'))).toEqual({ status: 303, location: `/${slug}/account` });
    expect(await heading(page)).toBe(t('account:greeting', { name: 'Zofia' }));
    await expectNoViolations(page, 'the dashboard');

    // A second browser signed in as the same client.
    const second = await newContext();
    try {
      const secondPage = await second.newPage();
      await signInToDashboard(secondPage, slug, client.email, client.password);
      expect(await heading(secondPage)).toBe(t('account:greeting', { name: 'Zofia' }));

      // The first changes the password from the dashboard's link: first its error state.
      await page
        .locator('main')
        .getByRole('link', { name: t('account:settings.password') })
        .click();
      await page.waitForURL((url) => url.pathname === `/${slug}/account/password`);
      expect(await heading(page)).toBe(t('password:change.title'));
      await expectNoViolations(page, 'the password page');
      const fill = async (current: string, password: string, confirmation: string) => {
        await page.getByLabel(t('password:current')).fill(current);
        await page.getByLabel(t('password:new'), { exact: true }).fill(password);
        await page.getByLabel(t('password:confirmation')).fill(confirmation);
      };
      await fill('Not-The-Password-1', newPassword, newPassword);
      expect((await press(page, t('password:change.submit'))).status).toBe(422);
      expect(await page.getByRole('alert').innerText()).toContain(t('password:wrongCurrent'));
      await expectNoViolations(page, 'the password page with a wrong current password');
      await fill(client.password, newPassword, `${newPassword}x`);
      expect((await press(page, t('password:change.submit'))).status).toBe(422);
      expect(await page.getByRole('alert').innerText()).toContain(t('password:mismatch'));
      await expectNoViolations(page, 'the password page with a mismatched confirmation');

      await fill(client.password, newPassword, newPassword);
      const changed = await press(page, t('password:change.submit'));
      expect(changed).toEqual({ status: 303, location: `/${slug}/account/password?changed=mailed` });
      expect(await page.getByRole('status').innerText()).toBe(t('password:change.changedMailed'));
      await expectNoViolations(page, 'the password page after the change');

      // The second browser's next page load: the sign-in page. The first goes on.
      await expectSentToSignIn(secondPage, slug, t);
      await page.goto(`/${slug}/account`);
      expect(await heading(page)).toBe(t('account:greeting', { name: 'Zofia' }));

      // Only the new password opens the account now.
      const old = await signInThroughForm(secondPage, slug, client.email, client.password);
      expect(old.status, 'the old password is refused').toBe(401);
      await signInToDashboard(secondPage, slug, client.email, newPassword);
    } finally {
      await second.close();
    }

    // Signing out in the first; its cookie, taken just before, replayed in a fresh browser.
    const cookieName = sessionCookieName(demoTenant(e2e, slug), 'client', false);
    const cookie: Cookie | undefined = (await context.cookies()).find((c) => c.name === cookieName);
    expect(cookie, 'the first browser holds a session cookie').toBeDefined();
    expect(await press(page, t('account:signOut'))).toEqual({ status: 303, location: `/${slug}/sign-in?signedOut=1` });
    expect(await page.getByRole('status').innerText()).toBe(t('signIn:signedOut'));
    await expectNoViolations(page, 'the sign-in page after signing out');

    const fresh = await newContext();
    try {
      await fresh.addCookies([cookie!]);
      await expectSentToSignIn(await fresh.newPage(), slug, t);
    } finally {
      await fresh.close();
    }
  },
  { timeout: 90_000 },
);

e2e.test(
  'an account from the front desk: signed in with the login, it must choose its own password first',
  async ({ page }) => {
    const t = texts('pl');
    const slug = 'mzk-zielonka';
    const startPassword = 'kasa biletowa przy rynku 2026';
    const ownPassword = 'zielony tramwaj jedzie nocą';
    const client = await issuedClientAt(e2e, slug, startPassword, { first_name: 'Halina', preferred_locale: 'pl' });

    await page.goto(`/${slug}/sign-in?lang=pl`);
    await page.getByLabel(t('signIn:identifier')).fill(client.login);
    await page.getByLabel(t('signIn:password'), { exact: true }).fill(startPassword);
    expect(await press(page, t('signIn:submit'))).toEqual({ status: 303, location: `/${slug}/account/password` });
    expect(await heading(page)).toBe(t('password:change.startTitle'));
    expect(await page.locator('main').innerText()).toContain(t('password:change.startIntro'));
    expect(await page.getByLabel(t('password:current')).count(), 'no current password is asked for').toBe(0);
    await expectNoViolations(page, 'choosing one’s own password');

    // Every other page leads back here: the dashboard, the home page.
    for (const path of [`/${slug}/account`, `/${slug}/`]) {
      await page.goto(path);
      expect(pathOf(page), `${path} leads to choosing a password`).toBe(`/${slug}/account/password`);
      expect(await heading(page)).toBe(t('password:change.startTitle'));
    }

    const choose = async (password: string) => {
      await page.getByLabel(t('password:new'), { exact: true }).fill(password);
      await page.getByLabel(t('password:confirmation')).fill(password);
      return press(page, t('password:change.submit'));
    };
    expect((await choose(startPassword)).status, 'the start password is not a new one').toBe(422);
    expect(await page.getByRole('alert').innerText()).toContain(t('password:sameAsStart'));
    expect(await heading(page)).toBe(t('password:change.startTitle'));
    await expectNoViolations(page, 'choosing one’s own password, the start password refused');

    expect(await choose(ownPassword)).toEqual({ status: 303, location: `/${slug}/account/password?changed=1` });
    expect(await page.getByRole('status').innerText()).toBe(t('password:change.changed'));
    await page
      .locator('main')
      .getByRole('link', { name: t('password:change.toDashboard') })
      .click();
    await page.waitForURL((url) => url.pathname === `/${slug}/account`);
    expect(await heading(page)).toBe(t('account:greeting', { name: 'Halina' }));
    await expectNoViolations(page, 'the dashboard after choosing a password');
    const home = await page.goto(`/${slug}/`);
    expect([home?.status(), pathOf(page)]).toEqual([200, `/${slug}/`]);

    // The start password is spent; the own one signs in straight to the dashboard.
    await page.goto(`/${slug}/account`);
    expect(await press(page, t('account:signOut'))).toEqual({ status: 303, location: `/${slug}/sign-in?signedOut=1` });
    expect((await signInThroughForm(page, slug, client.login, startPassword)).status).toBe(401);
    await signInToDashboard(page, slug, client.login, ownPassword);
  },
  { timeout: 90_000 },
);
