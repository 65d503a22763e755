// The staff journey of issue #18 in a real browser, as people take it, each time at one
// tenant: in Polish at the sports centre, in Czech at the city office. The operator's CLI
// (staff:create) invites a manager and prints the link; the manager opens it, sets a password,
// links an authenticator app with the code computed from the key the page shows, sees the
// recovery codes once, signs out and in again with the password and a fresh code; invites a
// clerk from the staff pages, the invitation mailed by the real worker into the SMTP sink; in a
// second browser the clerk follows the mailed link, sets a password, enrols and is signed in;
// the manager disables the clerk after the confirmation, and the clerk's session is gone: from
// the store at once, and the clerk's next page is the sign-in.
//
// Every distinct page on the way passes what the page sweep checks: no WCAG 2.1 A/AA violation
// axe can find (standard display; largest text in high contrast), and at 320 px nothing scrolls
// sideways in any text size. The app runs on a controllable clock, so that the second sign-in's
// code comes from the next 30-second step (a code is accepted once) without waiting for it.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_TENANTS } from '../../seeds/demo-tenants.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { TOTP_PERIOD_SECONDS, totpAt } from '../../src/platform/crypto/totp.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import type { Locale } from '../../src/platform/i18n/locales.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { cliEnv, okienko } from '../cli/cli-harness.ts';
import { deliverQueuedMail, TEST_DATA_KEY } from '../support/mail.ts';
import { useSmtpSink, type CaughtMail } from '../support/smtp-sink.ts';
import { demoTenant } from './support/accounts.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const sink = useSmtpSink();

const expectAccessible = accessibilityCheck(e2e);

/** The one invitation link in a text (the CLI's output, a mail's text part). */
function staffLinkIn(text: string, slug: string): string {
  const start = `${e2e.baseUrl}/${slug}/admin/invitation?token=`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const links = text.match(new RegExp(`${start}[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`, 'g')) ?? [];
  expect(links, `one invitation link in:\n${text}`).toHaveLength(1);
  return links[0]!;
}

/** staff:create as the operator runs it, with the app's database, data key and address. */
async function operatorInvites(slug: string, email: string, name: string): Promise<string> {
  const env = { ...cliEnv(e2e.db), PUBLIC_URL: e2e.baseUrl, DATA_KEY: TEST_DATA_KEY.toString('base64') };
  const run = await okienko(
    ['staff:create', '--tenant', slug, '--email', email, '--role', 'manager', '--name', name],
    env,
  );
  expect(run, 'staff:create succeeds').toMatchObject({ code: 0, stderr: '' });
  return staffLinkIn(run.stdout, slug);
}

/** Sends the outbox's mail with the real worker into the SMTP sink; the one mail to `to`. */
async function mailTo(to: string): Promise<CaughtMail> {
  await deliverQueuedMail(e2e.db, { smtpUrl: sink.current.url, clock, publicUrl: e2e.baseUrl });
  const mails = sink.current.messages.filter((mail) => mail.envelopeTo.includes(to));
  expect(mails, `one mail to ${to}`).toHaveLength(1);
  return mails[0]!;
}

interface Member {
  email: string;
  name: string;
  password: string;
}

/**
 * From the invitation link to the staff section: the password set (twice), the app linked with
 * the code computed from the key on the page, the recovery codes, and on to the start page.
 * With `check`, each of these pages passes the page sweep's checks. Resolves with the key the
 * app was given.
 */
async function acceptInvitation(
  page: Page,
  t: Translate,
  slug: string,
  link: string,
  member: Member,
  check: boolean,
): Promise<string> {
  await page.goto(link);
  expect(await heading(page)).toBe(t('admin:link.invitation.title'));
  expect(await page.locator('main').innerText()).toContain(t('admin:link.account', { email: member.email }));
  if (check) await expectAccessible(page, 'the invitation');
  await page.getByLabel(t('password:new'), { exact: true }).fill(member.password);
  await page.getByLabel(t('password:confirmation'), { exact: true }).fill(member.password);
  expect(await press(page, t('admin:link.invitation.submit'))).toEqual({
    status: 303,
    location: `/${slug}/admin/enrol`,
  });

  // The key as the page shows it for typing into an app, in groups of four.
  expect(await heading(page)).toBe(t('admin:enrol.title'));
  const keyShown = () => page.locator('main').getByLabel(t('admin:enrol.secretLabel'), { exact: true }).innerText();
  const shownKey = await keyShown();
  expect(shownKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  if (check) {
    await expectAccessible(page, 'the enrolment page');
    expect(await keyShown(), 'the same key on every reload').toBe(shownKey);
  }
  const key = shownKey.replace(/\s+/g, '');
  await page.getByLabel(t('admin:enrol.codeLabel'), { exact: true }).fill(totpAt(key, clock.now()));
  expect(await press(page, t('admin:enrol.submit'))).toEqual({
    status: 303,
    location: `/${slug}/admin/enrol/recovery-codes`,
  });

  expect(await heading(page)).toBe(t('admin:recovery.title'));
  const codes = await page.locator('main ol li').allInnerTexts();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  if (check) await expectAccessible(page, 'the recovery codes', restyle(page));
  await follow(page, t('admin:recovery.saved'));
  expect(pathOf(page)).toBe(`/${slug}/admin/`);
  // Shown once: the address again leads to the start page.
  await page.goto(`/${slug}/admin/enrol/recovery-codes`);
  expect(pathOf(page)).toBe(`/${slug}/admin/`);
  return key;
}

/** The start page, greeting the member of staff by name and role in the bar. */
async function expectStartPage(page: Page, t: Translate, slug: string, name: string, role: 'manager' | 'clerk') {
  expect(pathOf(page)).toBe(`/${slug}/admin/`);
  expect(await heading(page)).toBe(t('admin:dashboard.title'));
  const bar = page.getByRole('navigation', { name: t('admin:bar.label'), exact: true });
  expect(await bar.innerText()).toContain(t('admin:bar.signedInAs', { name, role: t(`admin:role.${role}`) }));
}

/** The staff sessions the store holds for a member, by e-mail. */
async function sessionsOf(slug: string, email: string): Promise<number> {
  return withTenant(e2e.db.app, demoTenant(e2e, slug).id, async (trx) => {
    const rows = await trx('sessions')
      .whereIn('user_id', trx('staff').where({ email_key: email.toLowerCase() }).select('id'))
      .select('sid');
    return rows.length;
  });
}

async function newBrowser(lang: Locale): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, locale: lang });
  context.setDefaultTimeout(10_000);
  return context;
}

function staffJourney(lang: Locale, slug: string, people: { manager: Member; clerk: Member }): void {
  const { manager, clerk } = people;
  e2e.test(
    `${lang} at ${slug}: the CLI invites a manager, who enrols, signs in, invites a clerk, and disables them`,
    async ({ page }) => {
      const t = texts(lang);
      const link = await operatorInvites(slug, manager.email, manager.name);
      // The key stays in the manager's app, which gives the codes from it.
      const key = await acceptInvitation(page, t, slug, `${link}&lang=${lang}`, manager, true);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectStartPage(page, t, slug, manager.name, 'manager');

      // Signing out, and in again with the password and the app's next code.
      const bar = page.getByRole('navigation', { name: t('admin:bar.label'), exact: true });
      expect(await press(page, t('admin:bar.signOut'), bar)).toEqual({
        status: 303,
        location: `/${slug}/admin/sign-in?signedOut=1`,
      });
      expect(await heading(page)).toBe(t('admin:signIn.title'));
      expect(await page.getByRole('status').innerText()).toBe(t('admin:signIn.signedOut'));
      await expectAccessible(page, 'the sign-in page');
      await page.getByLabel(t('admin:signIn.email'), { exact: true }).fill(manager.email);
      await page.getByLabel(t('admin:signIn.password'), { exact: true }).fill(manager.password);
      expect(await press(page, t('admin:signIn.submit'))).toEqual({
        status: 303,
        location: `/${slug}/admin/sign-in/code`,
      });
      expect(await heading(page)).toBe(t('admin:code.title'));
      await expectAccessible(page, 'the code page');
      clock.advance(TOTP_PERIOD_SECONDS * 1000);
      await page.getByLabel(t('admin:code.label'), { exact: true }).fill(totpAt(key, clock.now()));
      expect(await press(page, t('admin:code.submit'))).toEqual({ status: 303, location: `/${slug}/admin/` });
      await expectStartPage(page, t, slug, manager.name, 'manager');
      await expectAccessible(page, 'the start page');

      // The staff list, and the invitation of a clerk.
      await follow(page, t('admin:dashboard.staff'));
      expect(await heading(page)).toBe(t('adminStaff:list.title'));
      await expectAccessible(page, 'the staff list');
      await follow(page, t('adminStaff:list.invite'));
      expect(await heading(page)).toBe(t('adminStaff:invite.title'));
      await expectAccessible(page, 'the invitation form');
      await page.getByLabel(t('adminStaff:invite.email'), { exact: true }).fill(clerk.email);
      await page.getByLabel(t('adminStaff:invite.name'), { exact: true }).fill(clerk.name);
      await page.getByRole('radio', { name: t('admin:role.clerk'), exact: true }).check();
      await page.getByRole('radio', { name: t(`adminStaff:invite.languages.${lang}`), exact: true }).check();
      expect(await press(page, t('adminStaff:invite.submit'))).toEqual({
        status: 303,
        location: `/${slug}/admin/staff?done=invited`,
      });
      expect(await page.getByRole('status').innerText()).toBe(t('adminStaff:notices.invited'));
      const clerkRow = page.locator('main tbody tr', { hasText: clerk.email });
      expect(await clerkRow.innerText()).toContain(t('adminStaff:statuses.invited'));

      const mail = await mailTo(clerk.email);
      expect(mail.parsed.subject).toBe(t('mail:staff-invitation.subject', { tenant: demoTenant(e2e, slug).name }));
      const mailedLink = staffLinkIn(mail.parsed.text ?? '', slug);
      expect(mail.parsed.html, 'the HTML part links to the same page').toContain(`href="${mailedLink}"`);

      // The clerk, in a browser of their own, from the mail to the start page.
      const clerkBrowser = await newBrowser(lang);
      try {
        const clerkPage = await clerkBrowser.newPage();
        await acceptInvitation(clerkPage, t, slug, mailedLink, clerk, false);
        await expectStartPage(clerkPage, t, slug, clerk.name, 'clerk');
        expect(
          await clerkPage
            .locator('main')
            .getByRole('link', { name: t('admin:dashboard.staff') })
            .count(),
          'a clerk is not offered the staff pages',
        ).toBe(0);
        expect(await sessionsOf(slug, clerk.email), 'the clerk is signed in once').toBe(1);

        // The manager disables the clerk, after the confirmation.
        await page.reload();
        expect(await clerkRow.innerText()).toContain(t('adminStaff:statuses.active'));
        await follow(page, t('adminStaff:actions.disable', { who: clerk.name }));
        expect(await heading(page)).toBe(t('adminStaff:disable.title'));
        await expectAccessible(page, 'the confirmation of disabling');
        await page.getByRole('checkbox', { name: t('adminStaff:disable.confirm', { who: clerk.name }) }).check();
        expect(await press(page, t('adminStaff:disable.submit'))).toEqual({
          status: 303,
          location: `/${slug}/admin/staff?done=disabled`,
        });
        expect(await page.getByRole('status').innerText()).toBe(t('adminStaff:notices.disabled'));
        expect(await clerkRow.innerText()).toContain(t('adminStaff:statuses.disabled'));

        // Gone from the store at once, before the clerk's browser asks for anything.
        expect(await sessionsOf(slug, clerk.email), 'the clerk’s session is ended').toBe(0);
        await clerkPage.reload();
        expect(pathOf(clerkPage)).toBe(`/${slug}/admin/sign-in`);
        expect(await heading(clerkPage)).toBe(t('admin:signIn.title'));
        await clerkPage.getByLabel(t('admin:signIn.email'), { exact: true }).fill(clerk.email);
        await clerkPage.getByLabel(t('admin:signIn.password'), { exact: true }).fill(clerk.password);
        expect((await press(clerkPage, t('admin:signIn.submit'))).status, 'nor can the clerk sign in').toBe(401);
      } catch (error) {
        // The harness saves the pages of the test's own browser; this one's too.
        for (const open of clerkBrowser.pages()) {
          const saved = await e2e.screenshot(open, `${lang} the clerk's browser`).catch(() => undefined);
          if (saved) console.error(`screenshot of the clerk's browser: ${saved} (${open.url()})`);
        }
        throw error;
      } finally {
        await clerkBrowser.close();
      }
      // The manager goes on, to the tenant's settings (issue #19): a colour the grey panels
      // cannot carry, previewed and refused with its ratio; the front desks. Nothing is saved.
      await page.goto(`/${slug}/admin/`);
      await expectStartPage(page, t, slug, manager.name, 'manager');
      await follow(page, t('adminSettings:dashboardLink'));
      expect(await heading(page)).toBe(t('adminSettings:title'));
      await expectAccessible(page, 'the settings');
      await follow(page, t('adminSettings:groups.branding.title'));
      await page.getByLabel(t('adminSettings:fields.primaryColour.label'), { exact: true }).fill('#767676');
      expect((await press(page, t('adminSettings:preview.button'))).status).toBe(200);
      await expectAccessible(page, 'the branding preview', restyle(page));
      expect((await press(page, t('adminSettings:save'))).status).toBe(422);
      await expectAccessible(page, 'the branding refused', restyle(page));
      await page.goto(`/${slug}/admin/settings/desks`);
      await follow(page, DEMO_TENANTS.find(({ tenant }) => tenant.slug === slug)!.desks[0]!.name);
      expect(await heading(page)).toBe(t('adminSettings:desks.editTitle'));
      await expectAccessible(page, 'a front desk');
    },
    { timeout: 120_000 },
  );
}

staffJourney('pl', 'mosir-zielonka', {
  manager: {
    email: 'kierownik.e2e@mosir.example.pl',
    name: 'Barbara Wiśniewska',
    password: 'basen otwarty od siódmej',
  },
  clerk: { email: 'kasa.e2e@mosir.example.pl', name: 'Tomasz Nowak', password: 'karnet na lodowisko 2026' },
});

staffJourney('cs', 'mesto-lipnik', {
  manager: {
    email: 'vedouci.e2e@mesto-lipnik.example.cz',
    name: 'Jana Dvořáková',
    password: 'podatelna otevřena v pondělí',
  },
  clerk: {
    email: 'prepazka.e2e@mesto-lipnik.example.cz',
    name: 'Petr Svoboda',
    password: 'občanské průkazy na přepážce',
  },
});
