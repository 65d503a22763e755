// A city card application under a clerk's review (issue #23): the page shows the holder (the
// PESEL masked), the route by age, the address, representative, documents and photo; each step
// is a form taken only from its state: approve (refused while something is missing), return or
// reject with reasons the applicant is mailed, then produced and delivered, whose mail names the
// pickup window and the desks. A form left open while the card moved on changes nothing.
import { describe, expect, it } from 'vitest';
import { eventsOfCard } from '../../src/features/cards/card-events.repo.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formsIn, postForm } from '../support/forms.ts';
import { clock, stepForm, type SportsCentre } from './cards-support.ts';
import { cardMailsAt, cityCentre, submittedCityApplication, type CityApplicationOptions } from './city-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

interface Reviewing {
  centre: SportsCentre;
  cardId: string;
  reference: string;
  page: string;
  action: string;
  show(): Promise<string>;
}

/** A centre's application submitted now, and its review page as the clerk opens it. */
async function reviewing(options: CityApplicationOptions = {}, at = '2026-12-15T09:00:00Z'): Promise<Reviewing> {
  clock.set(new Date(at));
  const centre = await cityCentre(db.current);
  const { cardId, reference } = await submittedCityApplication(db.current, centre, options);
  const page = `/${centre.slug}/admin/cards/applications/${cardId}`;
  const show = async () => (await centre.clerkBrowser.get(page).expect(200)).text;
  return { centre, cardId, reference, page, action: `${page}/transitions`, show };
}

/** The steps the page offers, by their forms. */
const offered = (html: string, action: string) =>
  formsIn(html)
    .filter((form) => form.action === action)
    .map((form) => form.fields.find((field) => field.name === 'transition')?.value);

const historyOf = (review: Reviewing) =>
  withTenant(db.current.app, review.centre.tenant.id, (trx) => eventsOfCard(trx, review.cardId));

async function take(review: Reviewing, step: string, fill: Record<string, string> = {}) {
  return postForm(review.centre.clerkBrowser, stepForm(await review.show(), review.action, step), fill);
}

describe('an application under review', () => {
  it('shows what the applicant sent, the PESEL masked, and is approved by a clerk', async () => {
    const review = await reviewing({
      birthDate: '2011-03-01',
      discount: { kind: 'student', validUntil: '2027-06-30' },
    });
    const page = await review.show();
    const text = seen(page);
    expect(text).toContain(`Wniosek o e-kartę ${review.reference}`);
    expect(text).toMatch(
      /PESEL ur\. 1 marca 2011, PESEL kończący się na …\d\d Data urodzenia 1 marca 2011; dziś: 15 lat/,
    );
    expect(text).not.toMatch(/\d{11}/);
    expect(text).toContain(
      'Kto składa wniosek (w dniu jego złożenia) posiadacz karty za zgodą przedstawiciela ustawowego',
    );
    expect(text).toContain('Adres ul. Lipowa 1, 65-001 Zielonka');
    expect(text).toContain('Imię i nazwisko Jan Nowak (rodzic) Data oświadczenia 15 grudnia 2026');
    expect(text).toContain('Dokument tożsamości dowód osobisty ABC123456');
    expect(text).toContain('Ulga uczniowie i studenci, prawo do ulgi ważne do 30 czerwca 2027; pobierz dokument');
    expect(text).toContain('Braki we wniosku brak');
    expect(page).toContain(
      `<img class="id-photo" src="${review.page}/photo" alt="Zdjęcie posiadacza karty dołączone do wniosku: Ola Nowak"`,
    );
    expect(page).toContain(`href="${review.page}/proof"`);
    expect(offered(page, review.action)).toEqual(['approve', 'return', 'reject']);

    const approved = await take(review, 'approve');
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`${review.page}?done=approve`);
    const after = (await review.centre.clerkBrowser.get(approved.headers.location!).expect(200)).text;
    expect(seen(after)).toContain('Wniosek został zatwierdzony.');
    expect(seen(after)).toContain('Stan zatwierdzony');
    expect(offered(after, review.action)).toEqual(['produce']);
    expect((await historyOf(review)).map((event) => [event.transition, event.actorRole])).toEqual([
      ['submit', 'client'],
      ['approve', 'clerk'],
    ]);
    expect((await cardMailsAt(db.current, review.centre.tenant)).map((mail) => mail.params.state)).toEqual([
      'submitted',
      'approved',
    ]);
    const audit = await withTenant(db.current.app, review.centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: review.cardId }).orderBy('occurred_at').pluck('action'),
    );
    expect(audit).toEqual([
      'cards.submit',
      'cards.application_viewed',
      'cards.application_viewed',
      'cards.approve',
      'cards.application_viewed',
    ]);
  });

  it('returns with reasons that the applicant is mailed and the history keeps; reasons too short are said at the field', async () => {
    const review = await reviewing();
    const short = await take(review, 'return', { reasons: 'Popraw.' });
    expect(short.status).toBe(422);
    expect(seen(short.text)).toContain('Uwagi są zbyt krótkie: wpisz co najmniej 10 znaków');
    expect(short.text).toContain('href="#reasons-return"');
    expect((await historyOf(review)).map((event) => event.transition)).toEqual(['submit']);

    const reasons = 'Zdjęcie jest nieostre; prosimy o nowe, na jasnym tle.';
    expect((await take(review, 'return', { reasons })).status).toBe(303);
    const [, returned] = await historyOf(review);
    expect(returned).toMatchObject({ transition: 'return', toState: 'returned', reasons });
    const mail = (await cardMailsAt(db.current, review.centre.tenant)).at(-1)!;
    expect(mail.params).toMatchObject({ state: 'returned', reasons });
    expect(mail.text).toContain(`Uwagi do wniosku: ${reasons}`);
    const page = seen(await review.show());
    expect(page).toContain(`zwrócony do poprawy, pracownik`);
    expect(page).toContain(reasons);
    expect(page).toContain('W tym stanie wniosku nie ma czynności do wykonania.');
  });

  it('rejects only with a reason, which the applicant is mailed', async () => {
    const review = await reviewing();
    const bare = await take(review, 'reject', { reasons: '   ' });
    expect(bare.status).toBe(422);
    expect(seen(bare.text)).toContain('Wpisz uwagi: wnioskodawca otrzyma je w wiadomości.');
    const reasons = 'Osoba o tym numerze PESEL ma już ważną kartę.';
    expect((await take(review, 'reject', { reasons })).status).toBe(303);
    const mail = (await cardMailsAt(db.current, review.centre.tenant)).at(-1)!;
    expect(mail.params).toMatchObject({ state: 'rejected', reasons });
    expect(seen(await review.show())).toContain('Stan odrzucony');
  });

  it('records production and delivery; the ready mail names the pickup window and the desks', async () => {
    // Submitted on Tuesday 22 December 2026: from the 5th working day after it, 31 December,
    // until 30 days after it, 21 January 2027.
    const review = await reviewing({}, '2026-12-22T10:00:00Z');
    for (const step of ['approve', 'produce', 'deliver']) expect((await take(review, step)).status).toBe(303);
    const page = await review.show();
    expect(seen(page)).toContain('Termin odbioru od 31 grudnia 2026 do 21 stycznia 2027');
    expect(seen(page)).toContain('Karta czeka na odbiór. Wydaje ją pracownik na stronie karty w punkcie obsługi');
    expect(offered(page, review.action)).toEqual([]);
    const mails = await cardMailsAt(db.current, review.centre.tenant);
    expect(mails.map((mail) => mail.params.state)).toEqual(['submitted', 'approved', 'produced', 'ready']);
    const [desk] = await withTenant(db.current.app, review.centre.tenant.id, (trx) =>
      tenantRows(trx, 'service_points').select('name'),
    );
    const ready = mails.at(-1)!;
    expect(ready.params).toMatchObject({ pickup: { from: '2026-12-31', until: '2027-01-21' } });
    expect(ready.params.number).toMatch(/^6001\d{12}$/);
    expect(ready.text).toContain('Kartę można odebrać od 31 grudnia 2026 do 21 stycznia 2027');
    expect(ready.text).toContain(
      `Kartę wydaje punkt obsługi klienta: - ${desk!.name}, ul. Okienkowa 2, 00-002 Testowo`,
    );
  });

  it('refuses to approve while something is missing, and lists it', async () => {
    const review = await reviewing({ leaveOut: ['idDocument', 'address'] });
    const refused = await take(review, 'approve');
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain('Wniosku nie można zatwierdzić, bo brakuje w nim: adres dokument tożsamości');
    expect((await historyOf(review)).map((event) => event.transition)).toEqual(['submit']);
    expect(offered(refused.text, review.action)).toEqual(['approve', 'return', 'reject']);
  });

  it('takes each step only from the state its page showed: an old form changes nothing', async () => {
    const review = await reviewing();
    const first = await review.show();
    expect((await postForm(review.centre.clerkBrowser, stepForm(first, review.action, 'approve'))).status).toBe(303);
    for (const step of ['approve', 'return']) {
      const fill: Record<string, string> = step === 'return' ? { reasons: 'Proszę dosłać lepsze zdjęcie.' } : {};
      const stale = await postForm(review.centre.clerkBrowser, stepForm(first, review.action, step), fill);
      expect(stale.status).toBe(409);
      expect(seen(stale.text)).toContain(
        'Wniosek zmienił się, odkąd otwarto tę stronę (jego stan to teraz: zatwierdzony). Niczego nie zmieniono',
      );
    }
    const approvedPage = await review.show();
    clock.advance(60_000);
    expect((await postForm(review.centre.clerkBrowser, stepForm(approvedPage, review.action, 'produce'))).status).toBe(
      303,
    );
    const twice = await postForm(review.centre.clerkBrowser, stepForm(approvedPage, review.action, 'produce'));
    expect(twice.status).toBe(409);
    expect((await historyOf(review)).map((event) => event.transition)).toEqual(['submit', 'approve', 'produce']);
  });
});
