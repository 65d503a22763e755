// Self-registration as a person goes through it in a browser, for the tests that register
// (registration.test.ts) and the journeys that start from a registration (the Client Card's):
// a new person, the form filled by its labels, the activation mail sent by a real MailWorker
// into the file's SMTP sink (`useSmtpSink()` at the top of the test file), its link, and the
// set-password form.
import { randomBytes, randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { controllableClock, type Clock } from '../../../src/lib/clock.ts';
import { makePesel } from '../../../src/lib/pesel.ts';
import { createI18n, type Translate } from '../../../src/platform/i18n/i18n.ts';
import { createMailRenderer } from '../../../src/platform/mail/render.ts';
import { loadedRegistry, testMailWorker } from '../../support/mail.ts';
import type { CaughtMail, SmtpSink } from '../../support/smtp-sink.ts';
import type { BrowserApp } from './harness.ts';
import { heading } from './journey.ts';

const i18n = createI18n();

/** A unique adult: an e-mail address and a valid PESEL no other test of this run uses. */
export function newPerson(label: string): { firstName: string; lastName: string; email: string; pesel: string } {
  const suffix = randomBytes(4).toString('hex');
  return {
    firstName: 'Zofia',
    lastName: 'Wiśniewska',
    email: `${label}.${suffix}@example.test`,
    pesel: makePesel({
      year: randomInt(1950, 2000),
      month: randomInt(1, 13),
      day: randomInt(1, 29),
      serial: randomInt(0, 10_000),
      sex: 'female',
    }),
  };
}

/** The registration checkbox's accessible name: the sentence with the two links' texts in it. */
export function acceptName(t: Translate): string {
  return t('registration:register.accept', {
    regulations: t('registration:register.regulationsLink'),
    privacy: t('registration:register.privacyLink'),
  });
}

/** Fills the registration form through its labels (each getByLabel proves a label) and sends it. */
export async function register(
  page: Page,
  t: Translate,
  person: { firstName: string; lastName: string; email: string; pesel?: string },
  peselLabelKey: string,
): Promise<void> {
  const form = page.locator('main form');
  expect(await form.getByRole('button').count(), 'one submit button').toBe(1);
  await form.getByLabel(t('registration:register.firstName'), { exact: true }).fill(person.firstName);
  await form.getByLabel(t('registration:register.lastName'), { exact: true }).fill(person.lastName);
  await form.getByLabel(t('registration:register.email'), { exact: true }).fill(person.email);
  const pesel = form.getByLabel(t(peselLabelKey), { exact: true });
  expect(await pesel.getAttribute('name')).toBe('pesel');
  expect(await pesel.getAttribute('inputmode')).toBe('numeric');
  if (person.pesel) await pesel.fill(person.pesel);
  await form.getByRole('checkbox', { name: acceptName(t), exact: true }).check();
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/register/sent'), { waitUntil: 'load' }),
    form.getByRole('button', { name: t('registration:register.submit'), exact: true }).click(),
  ]);
}

export interface RegistrationMail {
  /**
   * Sends what the outbox holds with a real MailWorker into the SMTP sink, its links built on
   * the browser app's origin so that they can be followed, and returns the one mail to `to`.
   */
  deliverMailTo(to: string): Promise<CaughtMail>;
  /** The activation link in the mail's text part (and the same in its HTML part). */
  activationLinkIn(mail: CaughtMail, slug: string): string;
}

/**
 * The activation mail of the file's browser app, through the file's sink. `clock`: the worker's,
 * the app's own when the app has one; without it, a clock at the moment of each delivery.
 */
export function registrationMail(
  e2e: BrowserApp,
  sink: { readonly current: SmtpSink },
  clock?: Clock,
): RegistrationMail {
  return {
    async deliverMailTo(to) {
      const registry = await loadedRegistry(e2e.db);
      const worker = testMailWorker(e2e.db, {
        smtpUrl: sink.current.url,
        clock: clock ?? controllableClock(new Date()),
        registry,
        render: createMailRenderer({ i18n, publicUrl: e2e.baseUrl, cache: true }),
      });
      try {
        expect((await worker.drain()).sent, 'the worker sent mail').toBeGreaterThanOrEqual(1);
      } finally {
        await worker.stop();
      }
      const mails = sink.current.messages.filter((mail) => mail.envelopeTo.includes(to));
      expect(
        mails.map((mail) => mail.parsed.subject),
        `mail to ${to}`,
      ).toHaveLength(1);
      return mails[0]!;
    },

    activationLinkIn(mail, slug) {
      const escaped = `${e2e.baseUrl}/${slug}/activate?token=`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const links =
        (mail.parsed.text ?? '').match(new RegExp(`${escaped}[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`, 'g')) ?? [];
      expect(links, `one activation link in the text part:\n${mail.parsed.text}`).toHaveLength(1);
      expect(mail.parsed.html, 'the HTML part links to the same page').toContain(`href="${links[0]}"`);
      return links[0]!;
    },
  };
}

/** Types a password and its confirmation into the set-password form and sends it; resolves with the POST's status. */
export async function setPassword(page: Page, t: Translate, password: string): Promise<number> {
  const form = page.locator('main form');
  await form.getByLabel(t('registration:activate.password'), { exact: true }).fill(password);
  await form.getByLabel(t('password:confirmation'), { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/activate')),
    form.getByRole('button', { name: t('registration:activate.submit'), exact: true }).click(),
  ]);
  // A refused password comes back as the page itself; an accepted one redirects (303) to "done".
  if (response.status() === 303) {
    await page.waitForURL((url) => url.pathname.endsWith('/activate/done'), { waitUntil: 'load' });
  } else {
    await page.waitForLoadState();
  }
  return response.status();
}

/** The set-password form as the link opens it: the password field described by the rules shown next to it. */
export async function expectPasswordForm(page: Page, t: Translate, rules: string[]): Promise<void> {
  expect(await heading(page)).toBe(t('registration:activate.title'));
  const password = page.getByLabel(t('registration:activate.password'), { exact: true });
  expect(await password.getAttribute('type')).toBe('password');
  expect(await password.getAttribute('autocomplete')).toBe('new-password');
  expect(await password.getAttribute('name')).toBe('password');
  const confirmation = page.getByLabel(t('password:confirmation'), { exact: true });
  expect(await confirmation.getAttribute('name')).toBe('passwordConfirmation');
  expect(await confirmation.getAttribute('autocomplete')).toBe('new-password');
  const describedBy = (await password.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  expect(describedBy, 'the rules describe the password field').toContain('password-rules');
  const shown = (await page.locator('#password-rules li').allInnerTexts()).map((rule) => rule.trim());
  for (const rule of rules) expect(shown, 'the rules next to the field').toContain(rule);
}
