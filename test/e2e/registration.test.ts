// Self-registration in a real browser (issue #5): the form filled by its labels, the "check
// your mailbox" page, the activation mail sent by a real MailWorker into a real SMTP server,
// its link followed, the tenant's password rule shown and enforced, and the account active in
// the database with the link used up. In Polish at the sports centre (PESEL required, its own
// password rule) and in English at the transport company (PESEL optional, the NIST-style
// rule); the form by keyboard alone; a used link followed again. axe on every page visited,
// in standard contrast and, on at least one page of each journey, in high contrast.
import { createHash } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import type { Translate } from '../../src/platform/i18n/i18n.ts';
import { verifyPassword } from '../../src/platform/crypto/password-hash.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { focused, pageDisplay } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';
import { heading } from './support/journey.ts';
import {
  acceptName,
  expectPasswordForm,
  newPerson,
  register,
  registrationMail,
  setPassword,
} from './support/registration.ts';
import { texts } from './support/texts.ts';

const e2e = useBrowserApp({ file: import.meta.url });
const sink = useSmtpSink();
const { deliverMailTo, activationLinkIn } = registrationMail(e2e, sink);

const MOSIR = { slug: 'mosir-zielonka', name: 'Miejski Ośrodek Sportu i Rekreacji w Zielonce' };
const MZK = { slug: 'mzk-zielonka', name: 'Miejski Zakład Komunikacji w Zielonce' };

function tenantOf(slug: string): Tenant {
  const tenant = e2e.testApp.registry.findBySlug(slug);
  if (!tenant) throw new Error(`the demo tenant ${slug} is seeded`);
  return tenant;
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${where} (${page.url()}):\n${formatViolations(violations)}`).toEqual([]);
}

/** axe on the page as it is, then reloaded in high contrast, then back to standard contrast (a GET page). */
async function expectNoViolationsInBothContrasts(page: Page, where: string): Promise<void> {
  await expectNoViolations(page, `${where}, standard contrast`);
  const url = new URL(page.url());
  url.searchParams.set('contrast', 'high');
  await page.goto(url.toString());
  expect((await pageDisplay(page)).className).toContain('contrast-high');
  await expectNoViolations(page, `${where}, high contrast`);
  url.searchParams.set('contrast', 'normal');
  await page.goto(url.toString());
  expect((await pageDisplay(page)).className).not.toContain('contrast-high');
}

/** Clicks a link and waits until the page it points to has loaded. */
async function follow(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute('href');
  expect(href, 'the link has a target').toBeTruthy();
  const target = new URL(href!, page.url()).toString();
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), link.click()]);
}

/** The client as the database holds it now, and the activation token of the link. */
async function stored(slug: string, email: string, link: string) {
  const tenant = tenantOf(slug);
  const token = new URL(link).searchParams.get('token')!;
  return withTenant(e2e.db.app, tenant.id, async (trx) => {
    const client = await trx('clients').where({ email_key: email.toLowerCase() }).first();
    const tokenRow = await trx('account_tokens')
      .where({ token_hash: createHash('sha256').update(token, 'utf8').digest() })
      .first();
    const consents = client ? await trx('client_consents').where({ client_id: client.id }).select('document') : [];
    return { client, token: tokenRow, consents: consents.map((c: { document: string }) => c.document).sort() };
  });
}

/** After a password the policy refuses: the summary, its link to the field, the field marked; nothing sent back. */
async function expectPasswordRefused(page: Page, t: Translate, message: string): Promise<void> {
  expect(await heading(page)).toBe(t('registration:activate.title'));
  const summary = page.getByRole('alert');
  expect(await summary.innerText()).toContain(t('validation:summary'));
  const password = page.getByLabel(t('registration:activate.password'), { exact: true });
  expect(await password.getAttribute('aria-invalid')).toBe('true');
  expect((await password.getAttribute('aria-describedby'))?.split(/\s+/)).toEqual(
    expect.arrayContaining(['password-rules', 'password-error']),
  );
  expect(await page.locator('#password-error').innerText()).toContain(message);
  expect(await password.inputValue(), 'a password is never sent back').toBe('');
  const link = summary.getByRole('link', { name: message, exact: true });
  expect(await link.getAttribute('href')).toBe('#password');
  await link.click();
  expect((await focused(page)).id, 'the summary link takes the focus to the field').toBe('password');
}

e2e.test(
  'Polish at the sports centre: register with PESEL, the mail arrives, its link sets the password, the account is active',
  async ({ page }) => {
    const t = texts('pl');
    const person = newPerson('rejestracja.pl');

    // From the tenant's home, in Polish, to the form; the form checked in both contrasts.
    await page.goto(`/${MOSIR.slug}/?lang=pl`);
    expect(await heading(page)).toBe(MOSIR.name);
    await expectNoViolations(page, 'the tenant home');
    await follow(page, page.locator('main').getByRole('link', { name: 'Załóż konto', exact: true }));
    expect(new URL(page.url()).pathname).toBe(`/${MOSIR.slug}/register`);
    expect(await pageDisplay(page)).toMatchObject({ lang: 'pl' });
    expect(await heading(page)).toBe(t('registration:register.title'));
    await expectNoViolationsInBothContrasts(page, 'the registration form');

    await register(page, t, person, 'registration:register.pesel');
    expect(await heading(page)).toBe(t('registration:sent.title'));
    await expectNoViolations(page, 'the "check your mailbox" page');

    // The mail, through SMTP: in Polish, to the address typed, with a link back to this app.
    const mail = await deliverMailTo(person.email);
    expect(mail.parsed.subject).toBe(`Aktywuj konto: ${MOSIR.name}`);
    expect(mail.parsed.to?.map((address) => address.address)).toEqual([person.email]);
    expect(mail.parsed.text).toContain(person.firstName);
    const link = activationLinkIn(mail, MOSIR.slug);
    const pending = await stored(MOSIR.slug, person.email, link);
    expect(pending.client).toMatchObject({ status: 'pending_activation', first_name: person.firstName });
    expect(pending.token).toMatchObject({ purpose: 'activation', used_at: null });

    // The link opens the set-password form with the sports centre's rule next to the field.
    await page.goto(link);
    await expectPasswordForm(page, t, [
      'Co najmniej 8 znaków.',
      'Co najmniej jedna wielka litera.',
      'Co najmniej jedna cyfra lub znak specjalny.',
    ]);
    await expectNoViolations(page, 'the set-password form');

    // No capital letter: refused by the sports centre's rule, nothing changes.
    expect(await setPassword(page, t, 'zielony-basen-42')).toBe(422);
    await expectPasswordRefused(page, t, 'Hasło musi zawierać co najmniej jedną wielką literę.');
    await expectNoViolations(page, 'the set-password form with an error');
    expect((await stored(MOSIR.slug, person.email, link)).client.status).toBe('pending_activation');

    // A good one: the account is active.
    const password = 'Zielony-Basen-42';
    expect(await setPassword(page, t, password)).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`/${MOSIR.slug}/activate/done`);
    expect(await heading(page)).toBe(t('registration:done.title'));
    await expectNoViolations(page, 'the "account active" page');

    const { client, token, consents } = await stored(MOSIR.slug, person.email, link);
    expect(client).toMatchObject({
      status: 'active',
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
      preferred_locale: 'pl',
      registration_expires_at: null,
    });
    expect(client.activated_at).toBeInstanceOf(Date);
    expect(client.national_id_sealed, 'the PESEL is kept, sealed').toBeInstanceOf(Buffer);
    expect(client.national_id_sealed.includes(Buffer.from(person.pesel)), 'never in clear').toBe(false);
    expect(await verifyPassword(client.password_hash, password)).toMatchObject({ ok: true });
    expect(token.used_at, 'the link is used up').toBeInstanceOf(Date);
    expect(consents).toEqual(['privacy_notice', 'regulations']);
  },
);

e2e.test(
  'English at the transport company: register without a PESEL, the mail arrives, the NIST-style rule, the account is active',
  async ({ page }) => {
    const t = texts('en');
    const person = { ...newPerson('registration.en'), firstName: 'Oliver', lastName: 'Bennett' };

    await page.goto(`/${MZK.slug}/register?lang=en`);
    expect(await pageDisplay(page)).toMatchObject({ lang: 'en' });
    expect(await heading(page)).toBe(t('registration:register.title'));
    await expectNoViolations(page, 'the registration form');

    await register(page, t, { ...person, pesel: undefined }, 'registration:register.peselOptional');
    expect(await heading(page)).toBe(t('registration:sent.title'));
    await expectNoViolations(page, 'the "check your mailbox" page');

    const mail = await deliverMailTo(person.email);
    expect(mail.parsed.subject).toBe(`Activate your account: ${MZK.name}`);
    expect(mail.parsed.to?.map((address) => address.address)).toEqual([person.email]);
    const link = activationLinkIn(mail, MZK.slug);

    // The set-password form in high contrast from here on (the choice is kept in a cookie).
    await page.goto(`${link}&contrast=high`);
    expect((await pageDisplay(page)).className).toContain('contrast-high');
    await expectPasswordForm(page, t, ['At least 12 characters.', 'At most 128 characters.']);
    expect(
      await page.locator('#password-rules li').allInnerTexts(),
      'no composition rules under the NIST-style policy',
    ).not.toContain('At least one capital letter.');
    await expectNoViolations(page, 'the set-password form, high contrast');

    // Eleven characters: one short of the rule.
    expect(await setPassword(page, t, 'Tram-Depot7')).toBe(422);
    expect((await pageDisplay(page)).className).toContain('contrast-high');
    await expectPasswordRefused(page, t, 'Enter a password of at least 12 characters.');
    await expectNoViolations(page, 'the set-password form with an error, high contrast');

    const password = 'night tram to the old depot';
    expect(await setPassword(page, t, password)).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`/${MZK.slug}/activate/done`);
    expect(await heading(page)).toBe(t('registration:done.title'));
    await expectNoViolations(page, 'the "account active" page, high contrast');

    const { client, token } = await stored(MZK.slug, person.email, link);
    expect(client).toMatchObject({
      status: 'active',
      email: person.email,
      preferred_locale: 'en',
      national_id_sealed: null,
      national_id_index: null,
      registration_expires_at: null,
    });
    expect(await verifyPassword(client.password_hash, password)).toMatchObject({ ok: true });
    expect(token.used_at, 'the link is used up').toBeInstanceOf(Date);
  },
);

e2e.test(
  'the registration form by keyboard alone: Tab in order, Space ticks the box, Enter sends it',
  async ({ page }) => {
    const t = texts('en');
    const person = newPerson('keyboard');
    await page.goto(`/${MOSIR.slug}/register?lang=en&contrast=high`);
    expect((await pageDisplay(page)).className).toContain('contrast-high');
    await expectNoViolations(page, 'the registration form, high contrast');

    // Tab from the top of the page to the first field.
    let reached = false;
    for (let stops = 0; stops < 60 && !reached; stops++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)).id === 'firstName';
    }
    expect(reached, 'Tab reaches the first name').toBe(true);

    // Each field typed into as the focus arrives, in the order of the form.
    const visited: string[] = [];
    const typing: Record<string, string> = {
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      pesel: person.pesel,
    };
    for (let stops = 0; stops < 12; stops++) {
      const element = await focused(page);
      visited.push(element.tag === 'a' ? `a "${element.text}"` : `${element.tag}#${element.id}`);
      if (element.tag === 'input' && typing[element.id]) await page.keyboard.type(typing[element.id]!);
      if (element.id === 'accept') await page.keyboard.press('Space');
      if (element.tag === 'button') break;
      await page.keyboard.press('Tab');
    }
    expect(visited).toEqual([
      'input#firstName',
      'input#lastName',
      'input#email',
      'input#pesel',
      'input#accept',
      `a "${t('registration:register.regulationsLink')}"`,
      `a "${t('registration:register.privacyLink')}"`,
      'button#',
    ]);
    expect(await page.getByRole('checkbox', { name: acceptName(t), exact: true }).isChecked(), 'Space ticked it').toBe(
      true,
    );
    expect((await focused(page)).text).toBe(t('registration:register.submit'));

    await Promise.all([
      page.waitForURL((url) => url.pathname === `/${MOSIR.slug}/register/sent`, { waitUntil: 'load' }),
      page.keyboard.press('Enter'),
    ]);
    expect(await heading(page)).toBe(t('registration:sent.title'));
    await expectNoViolations(page, 'the "check your mailbox" page, high contrast');

    const tenant = tenantOf(MOSIR.slug);
    const client = await withTenant(e2e.db.app, tenant.id, (trx) =>
      trx('clients').where({ email_key: person.email }).first('first_name', 'last_name', 'status'),
    );
    expect(client).toEqual({ first_name: person.firstName, last_name: person.lastName, status: 'pending_activation' });
  },
);

e2e.test('a used activation link followed again: the friendly page, and the way to a new link', async ({ page }) => {
  const t = texts('pl');
  const person = newPerson('uzyty.link');
  await page.goto(`/${MOSIR.slug}/register?lang=pl`);
  await expectNoViolations(page, 'the registration form');
  await register(page, t, person, 'registration:register.pesel');
  await expectNoViolations(page, 'the "check your mailbox" page');
  const link = activationLinkIn(await deliverMailTo(person.email), MOSIR.slug);
  await page.goto(link);
  await expectNoViolations(page, 'the set-password form');
  expect(await setPassword(page, t, 'Kort-Tenisowy-7')).toBe(303);
  expect(await heading(page)).toBe(t('registration:done.title'));
  await expectNoViolations(page, 'the "account active" page');

  // The same link again.
  const response = await page.goto(link);
  expect(response?.status()).toBe(410);
  expect(await heading(page)).toBe(t('registration:linkProblem.title'));
  expect(await page.locator('main form').count(), 'no set-password form').toBe(0);
  expect(await page.getByLabel(t('registration:activate.password')).count()).toBe(0);
  await expectNoViolationsInBothContrasts(page, 'the used-link page');

  // The way to a new link: the "didn't get the link?" form.
  await follow(
    page,
    page.locator('main').getByRole('link', { name: t('registration:linkProblem.newLink'), exact: true }),
  );
  expect(new URL(page.url()).pathname).toBe(`/${MOSIR.slug}/register/resend`);
  expect(await heading(page)).toBe(t('registration:resend.title'));
  expect(
    await page
      .locator('main form')
      .getByLabel(t('registration:register.email'), { exact: true })
      .getAttribute('autocomplete'),
  ).toBe('email');
  await expectNoViolations(page, 'the "didn\'t get the link?" form');

  // The account stays active; the link stays used.
  const { client, token } = await stored(MOSIR.slug, person.email, link);
  expect(client.status).toBe('active');
  expect(token.used_at).toBeInstanceOf(Date);
});
