// The city transport e-card in a real browser (issue #23), its pages passing the page sweep's
// checks (support/journey.ts: axe in two displays, reflow at 320 px), the staff's pages included
// (the page sweeps list none: this is their sweep): a 15-year-old registers at the transport
// operator (its minimum age is 13), signs in and applies from the dashboard for a card of their
// own: the address, a parent's consent, a school ID and a photo picked as a file, then submits it.
// The demo clerk, in a browser of their own, finds it in the review queue, looks at the photo and
// returns it asking for a better one; the applicant reads the reasons, sends another photo and
// submits again. The clerk approves it, records it produced and arrived at the counter; a visitor
// with no account checks its status by its number and the holder's PESEL and is told where to
// pick it up; the clerk hands it over at the counter (the document typed again, the first
// e-purse top-up paid in cash), and the applicant sees the card active with its number. In
// English throughout: the pages are checked in every language by the page sweeps.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { makePesel } from '../../src/lib/pesel.ts';
import { calendarDayIn } from '../../src/lib/zoned-date.ts';
import { clockStartingNow } from '../support/clock.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { demoTenant, signInToDashboard } from './support/accounts.ts';
import { idPhotoFile } from './support/city-cards.ts';
import { clerkSignsIn, useDemoPeople } from './support/counter.ts';
import { useBrowserApp } from './support/harness.ts';
import { accessibilityCheck, fillByLabel, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { expectPasswordForm, newPerson, register, registrationMail, setPassword } from './support/registration.ts';
import { texts } from './support/texts.ts';

const SLUG = 'mzk-zielonka';
const CARD = 'Zielonecka Karta Miejska';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock } });
const expectAccessible = accessibilityCheck(e2e);
const sink = useSmtpSink();
const { deliverMailTo, activationLinkIn } = registrationMail(e2e, sink, clock);
useDemoPeople(e2e);

const t = texts('en');

/** A PESEL of someone who is 15 on the app clock's day in the tenant's time zone (born two months before a 15th birthday's month). */
function peselOfFifteenYearOld(): string {
  const [year, month] = calendarDayIn(demoTenant(e2e, SLUG).timeZone, clock.now()).split('-').map(Number) as [
    number,
    number,
  ];
  const born = month > 2 ? { year: year - 15, month: month - 2 } : { year: year - 16, month: month + 10 };
  return makePesel({ ...born, day: 15, serial: 4821, sex: 'female' });
}

const mainText = (page: Page) => page.locator('main').innerText();

/** The value shown beside a term of the page's first list of terms. */
const shown = async (page: Page, term: string) =>
  (
    await page.locator('main dl dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]').innerText()
  ).trim();

/** The application's parts, filled by their labels and each saved by its own button. */
async function fillApplication(page: Page, photo: string): Promise<void> {
  await fillByLabel(page, {
    [t('cityApplication:address.street')]: 'ul. Tramwajowa 15 m. 2',
    [t('cityApplication:address.postalCode')]: '65-001',
    [t('cityApplication:address.city')]: 'Zielonka',
  });
  await press(page, t('cityApplication:address.save'));
  expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.address'));

  await fillByLabel(page, { [t('cityApplication:representative.name')]: 'Ewa Kowalczyk' });
  await page.getByRole('radio', { name: t('cityApplication:representative.relations.parent'), exact: true }).check();
  await page.getByLabel(t('cityApplication:representative.declarationConsent'), { exact: true }).check();
  await press(page, t('cityApplication:representative.save'));
  expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.representative'));

  await page.getByRole('radio', { name: t('cityApplication:idDocument.kinds.school_id'), exact: true }).check();
  await fillByLabel(page, { [t('cityApplication:idDocument.number')]: 'leg 2026 7788' });
  await press(page, t('cityApplication:idDocument.save'));
  expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.idDocument'));

  await page.getByLabel(t('cityApplication:photo.file'), { exact: true }).setInputFiles(photo);
  await press(page, t('cityApplication:photo.save'));
  expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.photo'));
}

/** The photo shown under its description has been loaded as an image. */
async function expectPhoto(page: Page, alt: string): Promise<void> {
  const width = await page
    .getByRole('img', { name: alt, exact: true })
    .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth);
  expect(width, `${alt} is shown`).toBeGreaterThan(0);
}

e2e.test(
  'a 15-year-old applies for the city card online; the clerk returns, approves and hands it over',
  async ({ page }) => {
    const person = { ...newPerson('city-card'), firstName: 'Julia', lastName: 'Kowalczyk' };
    const pesel = peselOfFifteenYearOld();
    const holder = `${person.firstName} ${person.lastName}`;

    // Registration at the transport operator, whose PESEL is optional: a 15-year-old may register.
    await page.goto(`/${SLUG}/register?lang=en`);
    await register(page, t, { ...person, pesel }, 'registration:register.peselOptional');
    expect(await heading(page)).toBe(t('registration:sent.title'));
    await page.goto(activationLinkIn(await deliverMailTo(person.email), SLUG));
    await expectPasswordForm(page, t, []);
    const password = 'Tramwaj-Do-Szkoly-15';
    expect(await setPassword(page, t, password)).toBe(303);
    expect(await heading(page)).toBe(t('registration:done.title'));
    await signInToDashboard(page, SLUG, person.email, password);

    // From the dashboard to the city card's applications, and a new one for the account's holder.
    await follow(page, t('account:services.available.city_card.link'));
    expect(await heading(page)).toBe(t('cards:list.title'));
    await expectAccessible(page, 'the cards of the transport operator');
    await follow(page, CARD);
    expect(await heading(page)).toBe(CARD);
    expect(await mainText(page)).toContain(t('cityApplication:list.none'));
    await expectAccessible(page, 'the applications, none yet');
    await follow(page, t('cityApplication:list.new'));
    expect(await heading(page)).toBe(t('cityApplication:new.title', { card: CARD }));
    await expectAccessible(page, 'a new application: who the card is for');
    await fillByLabel(page, {
      [t('cityApplication:holder.firstName')]: person.firstName,
      [t('cityApplication:holder.lastName')]: person.lastName,
      [t('cityApplication:holder.pesel')]: pesel,
    });
    await page.getByRole('radio', { name: t('cityApplication:holder.incapacities.none'), exact: true }).check();
    const started = await press(page, t('cityApplication:new.submit'));
    expect(started.location).toMatch(
      new RegExp(`^/${SLUG}/cards/karta-miejska/applications/[0-9a-f-]{36}\\?done=started$`),
    );
    const applicationPath = pathOf(page);
    expect(await heading(page)).toBe(t('cityApplication:page.title', { card: CARD, holder }));
    expect(await shown(page, t('cityApplication:page.whoApplies'))).toBe(
      t('cityApplication:route.withConsent.legalRepresentative'),
    );
    await expectAccessible(page, 'a new draft application with every part to fill');

    await fillApplication(page, await idPhotoFile('#2f4f8f'));
    const photoAlt = t('cityApplication:photo.alt', { holder });
    await expectPhoto(page, photoAlt);
    expect(await mainText(page)).toContain(t('cityApplication:page.nothingMissing'));
    await expectAccessible(page, 'a complete draft with its photo');
    await press(page, t('cityApplication:submission.submit'));
    expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.submitted'));
    const reference = await shown(page, t('cityApplication:page.reference'));
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await shown(page, t('cards:card.state'))).toContain(t('cards:state.submitted.short'));
    await expectAccessible(page, 'the submitted application');

    await e2e.anotherBrowser('the clerk', { locale: 'en-GB' }, async ({ page: desk }) => {
      // The review queue: the application, waiting, opened by its number; its photo shown.
      await clerkSignsIn(desk, t, SLUG, 'en', clock);
      await follow(desk, t('cards:review.dashboardLink'));
      expect(await heading(desk)).toBe(t('cards:review.queue.title'));
      expect(await desk.locator('main table tr', { hasText: reference }).innerText()).toContain(holder);
      await expectAccessible(desk, 'the review queue');
      await follow(desk, reference);
      expect(await heading(desk)).toBe(t('cards:review.page.title', { reference }));
      await expectPhoto(desk, t('cards:review.page.photoAlt', { name: holder }));
      await expectAccessible(desk, 'an application under review');

      // Returned with reasons, which the applicant reads on the application's page.
      const reasons = 'The photo is too dark: please send a brighter one, facing the camera.';
      await fillByLabel(desk, { [t('cards:review.reasons.return')]: reasons });
      await press(desk, t('cards:review.steps.return'));
      expect(await desk.getByRole('status').innerText()).toBe(t('cards:review.notices.done.return'));
      await page.reload();
      expect(await shown(page, t('cards:card.state'))).toContain(t('cards:state.returned.short'));
      expect(await page.getByRole('heading', { name: t('cityApplication:page.reasons') }).isVisible()).toBe(true);
      expect(await mainText(page)).toContain(reasons);
      await expectAccessible(page, 'the application returned with the reasons');

      // Another photo, and the application submitted again.
      await page
        .getByLabel(t('cityApplication:photo.replace'), { exact: true })
        .setInputFiles(await idPhotoFile('#c0d8f0'));
      await press(page, t('cityApplication:photo.save'));
      await press(page, t('cityApplication:submission.resubmit'));
      expect(await page.getByRole('status').innerText()).toBe(t('cityApplication:notices.submitted'));
      expect(pathOf(page)).toBe(applicationPath);

      // Approved, produced and arrived at the counter: ready for pickup within its window.
      await desk.reload();
      for (const step of ['approve', 'produce', 'deliver'] as const) {
        await press(desk, t(`cards:review.steps.${step}`));
        expect(await desk.getByRole('status').innerText()).toContain(t(`cards:review.notices.done.${step}`));
      }
      expect(await mainText(desk)).toContain(t('cards:review.page.handover'));
      await expectAccessible(desk, 'an application ready for pickup');

      // A visitor without an account checks the status by the number and the holder's PESEL.
      await e2e.anotherBrowser('a visitor', { locale: 'en-GB' }, async ({ page: visitor }) => {
        await visitor.goto(`/${SLUG}/cards/status?lang=en`);
        expect(await heading(visitor)).toBe(t('cards:status.title'));
        await fillByLabel(visitor, { [t('cards:status.reference')]: reference, [t('cards:status.pesel')]: pesel });
        expect((await press(visitor, t('cards:status.submit'))).status).toBe(200);
        const answer = await visitor.getByRole('status').innerText();
        expect(answer).toContain(t('cards:status.answer', { reference }));
        expect(answer).toContain(t('cards:status.state', { state: t('cards:state.ready.short') }));
        expect(answer).not.toContain(person.lastName);
        await expectAccessible(visitor, 'the status of an application ready for pickup', restyle(visitor));
      });

      // The handover at the counter: the document checked and its number typed again, the
      // confirmation signed, the photo handed back, and a first top-up of 10,00 zł paid in cash.
      await follow(desk, t('cards:review.page.counterLink'));
      expect(await desk.getByRole('heading', { name: t('cards:handover.heading') }).isVisible()).toBe(true);
      await expectAccessible(desk, 'the card at the counter with the handover form');
      await desk.getByLabel(t('cards:handover.documentChecked'), { exact: true }).check();
      await fillByLabel(desk, { [t('cards:handover.documentNumber')]: 'LEG-2026-7788' });
      await desk.getByLabel(t('cards:handover.confirmationSigned'), { exact: true }).check();
      await desk.getByLabel(t('cards:handover.photoReturned'), { exact: true }).check();
      await desk.getByRole('radio', { name: t('cards:handover.loads.top_up'), exact: true }).check();
      await fillByLabel(desk, { [t('cards:handover.topUp', { currency: 'PLN' })]: '10,00' });
      await desk.getByRole('radio', { name: t('adminMoney:payment.sources.cash'), exact: true }).check();
      await fillByLabel(desk, { [t('adminMoney:payment.receiptNumber')]: 'KP/2026/0815' });
      await press(desk, t('cards:handover.submit'));
      expect(await desk.getByRole('status').innerText()).toBe(t('cards:desk.notices.handedOver'));
      expect(await desk.locator('#loads-heading ~ table').innerText()).toMatch(/E-purse top-up[\s\S]*PLN\s10\.00/);
      await expectAccessible(desk, 'the card at the counter, handed over');
    });

    // The applicant sees the card active, with its number.
    await page.reload();
    expect(await shown(page, t('cards:card.state'))).toContain(t('cards:state.active.short'));
    expect(await shown(page, t('cards:card.number'))).toMatch(/^6380\d{12}$/);
    await expectAccessible(page, 'the application of an active card');
  },
  { context: { locale: 'en-GB' }, timeout: 240_000 },
);
