// Issue #19's second journey in a real browser: a client registers online with a mistyped
// e-mail address, and the mail server refuses the activation mail (no such mailbox); the clerk
// (signed in with TOTP) sees it on the mail problems page with the server's answer, opens the
// client's page from there, corrects the address and sends a new activation link; the client,
// in a browser of their own, follows the link from the mail delivered by the real worker, sets a
// password and signs in to the dashboard; the link that never arrived now answers 410 with a
// page that says it no longer works (the test reads it from the outbox before the worker gave
// the mail up, as the request tests do). In English at the transport company (its PESEL is
// optional): one language is enough for a journey whose pages are checked in every language
// elsewhere. Every page on the way passes the page sweep's checks (support/journey.ts).
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import { deliverQueuedMail, outboxRows, sealedParamsOf } from '../support/mail.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { signInToDashboard } from './support/accounts.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const clock = controllableClock(new Date());
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
const sink = useSmtpSink();
useDemoPeople(e2e);

const SLUG = 'mzk-zielonka';
const PASSWORD = 'Tramwaj linii 7 do pętli';

/** The worker sends what is queued (a refused recipient's mail dies). */
const runWorker = () => deliverQueuedMail(e2e.db, { smtpUrl: sink.current.url, clock, publicUrl: e2e.baseUrl });

/** The activation link of the one mail that reached `to`, after the worker has sent what is queued. */
async function activationLinkTo(to: string): Promise<string> {
  await runWorker();
  const mails = sink.current.messages.filter((mail) => mail.envelopeTo.includes(to));
  expect(mails, `one mail to ${to}`).toHaveLength(1);
  const link = /https?:\/\/\S+\/activate\?token=[A-Za-z0-9_-]{43}/.exec(mails[0]!.parsed.text ?? '');
  expect(link, `an activation link in:\n${mails[0]!.parsed.text}`).not.toBeNull();
  return link![0];
}

/** The registration form filled by its labels, as the client typed it (the address mistyped). */
async function register(page: Page, t: Translate, email: string): Promise<void> {
  await page.goto(`/${SLUG}/register?lang=en`);
  await expectAccessible(page, 'the registration form');
  const form = page.locator('main form');
  await form.getByLabel(t('registration:register.firstName'), { exact: true }).fill('Ola');
  await form.getByLabel(t('registration:register.lastName'), { exact: true }).fill('Nowak');
  await form.getByLabel(t('registration:register.email'), { exact: true }).fill(email);
  const accept = t('registration:register.accept', {
    regulations: t('registration:register.regulationsLink'),
    privacy: t('registration:register.privacyLink'),
  });
  await form.getByRole('checkbox', { name: accept, exact: true }).check();
  expect((await press(page, t('registration:register.submit'))).status).toBe(303);
  expect(await heading(page)).toBe(t('registration:sent.title'));
}

e2e.test(
  'en: a clerk corrects a mistyped address and sends a new link; the client activates, the old link is gone',
  async ({ page }) => {
    const t = texts('en');
    const box = `ola.nowak.${randomBytes(4).toString('hex')}`;
    const mistyped = `${box}@exmaple.test`;
    const corrected = `${box}@example.test`;

    // The client, in a browser of their own, registers with the address mistyped: the mail
    // server has no such mailbox, and the worker gives the mail up.
    const clientBrowser = await e2e.browser.newContext({ baseURL: e2e.baseUrl, locale: 'en' });
    try {
      const clientPage = await clientBrowser.newPage();
      sink.current.refuse.add(mistyped);
      await register(clientPage, t, mistyped);
      const queued = (await outboxRows(e2e.db)).find((row) => row.recipient === mistyped)!;
      const oldToken = String(sealedParamsOf(queued).token);
      await runWorker();

      // The clerk sees it among the mail problems and opens the client's page from there.
      await clerkSignsIn(page, t, SLUG, 'en', clock);
      await follow(page, t('adminMail:dashboardLink'));
      expect(await heading(page)).toBe(t('adminMail:title'));
      const row = page.locator('main tbody tr', { hasText: mistyped });
      expect(await row.innerText()).toContain(t('adminMail:templates.activation'));
      expect(await row.innerText()).toContain('550');
      await expectAccessible(page, 'the mail problems page');
      await follow(page, 'Nowak Ola');
      expect(await heading(page)).toBe('Ola Nowak');
      await expectAccessible(page, 'the client’s page');

      // The address corrected, a new link sent.
      await follow(page, t('adminClients:client.correctEmail'));
      expect(await heading(page)).toBe(t('adminClients:link.title'));
      const email = page.getByLabel(t('adminClients:client.email'), { exact: true });
      expect(await email.inputValue(), 'the form shows the address on record').toBe(mistyped);
      await expectAccessible(page, 'the activation link form');
      await email.fill(corrected);
      const sent = await press(page, t('adminClients:link.submit'));
      expect(sent.status).toBe(303);
      expect(sent.location).toMatch(new RegExp(`^/${SLUG}/admin/clients/[0-9a-f-]{36}\\?done=linkSent$`));
      expect(await page.getByRole('status').innerText()).toBe(t('adminClients:notices.linkSent'));
      expect(await page.locator('main dl').innerText()).toContain(corrected);

      // The client follows the new link from the mail, sets a password and signs in.
      const newLink = await activationLinkTo(corrected);
      await clientPage.goto(newLink);
      expect(await heading(clientPage)).toBe(t('registration:activate.title'));
      await expectAccessible(clientPage, 'the set-password form', restyle(clientPage));
      const form = clientPage.locator('main form');
      await form.getByLabel(t('registration:activate.password'), { exact: true }).fill(PASSWORD);
      await form.getByLabel(t('password:confirmation'), { exact: true }).fill(PASSWORD);
      expect((await press(clientPage, t('registration:activate.submit'))).status).toBe(303);
      expect(await heading(clientPage)).toBe(t('registration:done.title'));
      await signInToDashboard(clientPage, SLUG, corrected, PASSWORD);
      expect(pathOf(clientPage)).toBe(`/${SLUG}/account`);
      await expectAccessible(clientPage, 'the dashboard');

      // The link that went to the wrong address: gone, and the page says so.
      const answer = await clientPage.goto(`/${SLUG}/activate?token=${oldToken}`);
      expect(answer?.status()).toBe(410);
      expect(await heading(clientPage)).toBe(t('registration:linkProblem.title'));
      expect(await clientPage.locator('main').innerText()).toContain(t('registration:linkProblem.lead'));
      expect(await clientPage.getByLabel(t('registration:activate.password')).count()).toBe(0);
      await expectAccessible(clientPage, 'the dead link’s page', restyle(clientPage));
    } catch (error) {
      for (const open of clientBrowser.pages()) {
        const saved = await e2e.screenshot(open, 'the client’s browser').catch(() => undefined);
        if (saved) console.error(`screenshot of the client's browser: ${saved} (${open.url()})`);
      }
      throw error;
    } finally {
      await clientBrowser.close();
    }
  },
  { timeout: 120_000 },
);
