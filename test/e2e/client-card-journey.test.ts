// The Client Card in a real browser (issue #22), its pages passing the page sweep's checks
// (support/journey.ts: axe in two displays, reflow at 320 px): a person registers at the sports
// centre from its home page (the form filled by its labels, a PESEL given), the activation mail
// goes out through a real MailWorker into an SMTP sink, its link sets a password that keeps the
// centre's rule, and the new client signs in. From the dashboard the client opens the Client
// Card, applies, sees the card issued with its number and the activation fee due, pays it with
// the test provider, and, once the worker has delivered the provider's notification, sees the
// card active. Then the client buys a pass of ten gym entries and pays it online; the demo
// clerk, in a browser of their own, records an entry on the card's page, and the client sees one
// entry fewer; the clerk blocks and replaces the card, and the pass is on the new card, as both
// the clerk and the client see. In English throughout: one language is enough for a journey
// whose pages are checked in every language elsewhere.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { clockStartingNow } from '../support/clock.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { demoTenant, signInToDashboard } from './support/accounts.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { deliverPayments } from './support/payments.ts';
import { accessibilityCheck, follow, heading, pathOf, press } from './support/journey.ts';
import { expectPasswordForm, newPerson, register, registrationMail, setPassword } from './support/registration.ts';
import { texts } from './support/texts.ts';

const SLUG = 'mosir-zielonka';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock }, servedAtPublicUrl: true });
const expectAccessible = accessibilityCheck(e2e);
const sink = useSmtpSink();
// The worker on the app's clock: the mail is due, and its link unexpired, at the app's "now".
const { deliverMailTo, activationLinkIn } = registrationMail(e2e, sink, clock);

useDemoPeople(e2e);

const GYM = 'Karnet 10 wejść — siłownia';

/** The client registered with this address, as the database holds it. */
const clientByEmail = (email: string) =>
  withTenant(e2e.db.app, demoTenant(e2e, SLUG).id, (trx) =>
    tenantRows(trx, 'clients').where({ email_key: email.toLowerCase() }).first('id', 'status', 'preferred_locale'),
  );

/** The client's cards at the centre, oldest first. */
const cardsOf = (clientId: string) =>
  withTenant(e2e.db.app, demoTenant(e2e, SLUG).id, (trx) =>
    tenantRows(trx, 'cards').where({ client_id: clientId }).orderBy('created_at').select('id', 'number', 'state'),
  );

const mainText = (page: Page) => page.locator('main').innerText();

/** What the counter's card page says is left on the pass: its row's "Entries left" cell. */
const entriesLeftAtCounter = async (page: Page, pass: string) =>
  (await page.locator('main tr', { hasText: pass }).locator('td').nth(1).innerText()).trim();

e2e.test(
  'a client gets the Client Card and a pass online; a clerk records an entry and replaces the card',
  async ({ page }) => {
    const t = texts('en');
    const person = newPerson('client-card');

    // Registration from the centre's home page, in English: the form asks for a PESEL.
    await page.goto(`/${SLUG}/?lang=en`);
    await follow(page, t('home:account.register'));
    expect(pathOf(page)).toBe(`/${SLUG}/register`);
    expect(await heading(page)).toBe(t('registration:register.title'));
    await expectAccessible(page, 'the registration form');
    await register(page, t, person, 'registration:register.pesel');
    expect(await heading(page)).toBe(t('registration:sent.title'));
    await expectAccessible(page, 'the "check your mailbox" page');

    // The activation mail, sent by the worker; its link sets a password by the centre's rule.
    const mail = await deliverMailTo(person.email);
    expect(mail.parsed.subject).toBe('Activate your account: Miejski Ośrodek Sportu i Rekreacji w Zielonce');
    await page.goto(activationLinkIn(mail, SLUG));
    await expectPasswordForm(page, t, [
      'At least 8 characters.',
      'At least one capital letter.',
      'At least one digit or special character.',
    ]);
    await expectAccessible(page, 'the set-password form');
    const password = 'Zielony-Basen-42';
    expect(await setPassword(page, t, password)).toBe(303);
    expect(await heading(page)).toBe(t('registration:done.title'));
    await expectAccessible(page, 'the "account active" page');
    const client = (await clientByEmail(person.email))!;
    expect(client).toMatchObject({ status: 'active', preferred_locale: 'en' });

    // Not signed in by activation: the page's link to the sign-in form, and in.
    await follow(page, t('common:account.signIn'));
    expect(pathOf(page)).toBe(`/${SLUG}/sign-in`);
    await signInToDashboard(page, SLUG, person.email, password);
    await follow(page, 'Go to my Client Card');
    expect(await heading(page)).toBe('Cards');
    await follow(page, 'Karta Klienta');
    // Intl puts a no-break space between the currency and the amount.
    expect(await page.locator('main').innerText()).toMatch(/The activation fee is PLN\s20\.00/);
    await press(page, 'Apply');
    const issued = await page.locator('main').innerText();
    expect(issued).toContain('Your application has been submitted.');
    expect(issued).toMatch(/Card number\s+7701\d{8}/);
    expect(issued).toMatch(/To pay: PLN\s20\.00\./);
    await expectAccessible(page, 'the issued card');
    await follow(page, 'Pay PLN 20.00 online');
    await press(page, 'Pay PLN 20.00');
    await follow(page, 'Go to the payment page');
    await press(page, 'Pay');
    await follow(page, 'Return to the portal');
    const delivered = await deliverPayments(e2e, clock);
    expect(delivered).toBe(1);
    await page.goto(`/${SLUG}/cards/karta-klienta`);
    const active = await page.locator('main').innerText();
    expect(active).toMatch(/active\s*: the card can be used\./);
    expect(active).not.toContain('To pay');
    await expectAccessible(page, 'the active card');

    // A pass of ten gym entries, bought and paid online: valid, ten entries left.
    await press(page, `Buy “${GYM}”`);
    expect(await mainText(page)).toContain('The pass has been bought. It will be valid from the day you pay for it.');
    await expectAccessible(page, 'the card with an unpaid pass');
    await follow(page, 'Pay online');
    await press(page, 'Pay PLN 150.00');
    await follow(page, 'Go to the payment page');
    await press(page, 'Pay');
    await follow(page, 'Return to the portal');
    expect(await deliverPayments(e2e, clock)).toBe(1);
    await page.goto(`/${SLUG}/cards/karta-klienta`);
    expect(await mainText(page)).toMatch(/entries left: 10/);
    const [card] = await cardsOf(client.id);

    // The demo clerk records an entry on the card's page; the client sees one entry fewer.
    await e2e.anotherBrowser('the clerk', { locale: 'en-GB' }, async ({ page: desk }) => {
      await clerkSignsIn(desk, t, SLUG, 'en', clock);
      await desk.goto(`/${SLUG}/admin/cards/${card!.id}`);
      await press(desk, `Record an entry on “${GYM}”`);
      const entered = await mainText(desk);
      expect(entered).toContain('The entry has been recorded.');
      expect(await entriesLeftAtCounter(desk, GYM)).toBe('9');
      await expectAccessible(desk, 'the card at the counter after an entry');
      await page.reload();
      expect(await mainText(page)).toMatch(/entries left: 9/);

      // Lost: the clerk blocks the card and replaces it; the pass moves to the new card.
      await press(desk, 'Block');
      await press(desk, 'Replace with a new card');
      const [old, replacement] = await cardsOf(client.id);
      expect([old!.state, replacement!.state]).toEqual(['replaced', 'issued']);
      await desk.goto(`/${SLUG}/admin/cards/${replacement!.id}`);
      const onNewCard = await mainText(desk);
      expect(onNewCard).toContain(replacement!.number);
      expect(onNewCard).toContain(GYM);
      expect(await entriesLeftAtCounter(desk, GYM)).toBe('9');
      await expectAccessible(desk, 'the new card at the counter');
      await desk.goto(`/${SLUG}/admin/cards/${old!.id}`);
      expect(await mainText(desk)).toContain('There are no passes on this card.');
      await page.reload();
      const mine = await mainText(page);
      expect(mine).toContain(replacement!.number);
      expect(mine).toContain(GYM);
      expect(mine).toMatch(/entries left: 9/);
    });
  },
  { context: { locale: 'en-GB' }, timeout: 120_000 },
);
