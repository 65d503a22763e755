// Submitting a city card application (issue #23): an incomplete one is refused with the list of
// what is missing (422) and changes nothing; a complete one is submitted through the workflow
// (its state, its history, its submission time, the applicant's mail) and its page is read-only
// from then on; one returned by staff with reasons shows them, is corrected and submitted again.
// The applicant's list shows each application; a holder has one application of a type in play,
// named to the account that made it and to no other; the holder's PESEL is corrected only to
// one nobody else has a card for.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, formsIn, postForged, postForm } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { clock, stepForm } from './cards-support.ts';
import {
  cardIdOf,
  cityIssuer,
  fillAdultParts,
  goodPhoto,
  listPage,
  newPage,
  peselBornOn,
  postHolder,
  postPart,
  postPhoto,
  startOnline,
  storedApplication,
  submit,
} from './city-apply-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
/** Later the same morning: within the sessions' idle time. */
const LATER = 5 * 60 * 1000;

describe('submitting an application', () => {
  it('refuses an incomplete one with exactly what is missing, changing nothing', async () => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, { pesel: peselBornOn('1990-05-14') });
    const missing = ['Adres posiadacza', 'Dokument tożsamości', 'Zdjęcie posiadacza'];
    const listed = (html: string) =>
      [
        .../<h2 id="missing-heading">[\s\S]*?<\/section>/.exec(html)![0].matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g),
      ].map((match) => [match[1], match[2]]);
    const before = (await centre.browser.get(page).expect(200)).text;
    expect(listed(before)).toEqual([
      ['street', missing[0]],
      ['idKind', missing[1]],
      ['photo', missing[2]],
    ]);

    const refused = await submit(centre.browser, page);
    expect(refused.status).toBe(422);
    expect(seen(refused.text)).toContain('Wniosek jest niekompletny i nie został złożony.');
    expect(errorSummaryTargets(refused.text)).toEqual(['street', 'idKind', 'photo']);
    const summary = visibleText(/<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.text)![0]);
    for (const item of missing) expect(summary).toContain(item);
    const stored = await storedApplication(db.current, centre, cardIdOf(page));
    expect(stored).toMatchObject({ card: { state: 'draft' }, application: { submitted_at: null }, events: [] });
  });

  it('submits a complete one through the workflow, and shows it read-only with its reference and state', async () => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, { pesel: peselBornOn('1990-05-14') });
    await fillAdultParts(centre.browser, page);
    const submitted = await submit(centre.browser, page);
    expect([submitted.status, submitted.headers.location]).toEqual([303, `${page}?done=submitted`]);

    const cardId = cardIdOf(page);
    const stored = await storedApplication(db.current, centre, cardId);
    expect(stored.card.state).toBe('submitted');
    expect(stored.events).toEqual(['submit']);
    expect(stored.application).toMatchObject({ street: 'ul. Lipowa 1', id_document_number: 'ABC123456' });
    expect(stored.application.submitted_at).toEqual(clock.now());
    const mails = (await outboxRows(db.current)).filter((row) => row.template === 'card-state');
    expect(mails.map((row) => sealedParamsOf(row).state)).toEqual(['submitted']);
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: cardId }).orderBy('occurred_at').pluck('action'),
    );
    expect(audited).toEqual([
      'cards.application_started',
      'cards.application_address_changed',
      'cards.application_id_document_changed',
      'cards.application_photo_changed',
      'cards.submit',
    ]);

    const html = (await centre.browser.get(`${page}?done=submitted`).expect(200)).text;
    const text = seen(html);
    expect(text).toContain('Wniosek został złożony.');
    expect(text).toContain(`Numer wniosku ${stored.application.reference}`);
    expect(text).toContain('Stan złożony: wniosek czeka na rozpatrzenie.');
    expect(text).toContain('Adres posiadacza ul. Lipowa 1, 65-001 Zielonka');
    expect(text).toContain('Dokument tożsamości dowód osobisty ABC123456');
    // Read-only: the page's only form is the sign-out's.
    expect(formsIn(html).map((form) => form.action)).toEqual([`/${centre.slug}/sign-out`]);
    const late = await postPart(centre.browser, `${page}`, 'submission').catch((error: Error) => error.message);
    expect(late).toMatch(/no form posts to/);

    // The list of the account's applications shows it.
    const list = seen((await centre.browser.get(listPage(centre)).expect(200)).text);
    expect(list).toContain(`Posiadacz karty Ola Nowak Numer wniosku ${stored.application.reference} Stan złożony`);
    expect(seen((await centre.browser.get(`/${centre.slug}/cards`).expect(200)).text)).toContain(
      'Karta Miejska: wnioski dla Ciebie i Twoich bliskich',
    );
  });

  it('shows a returned one with the staff’s reasons, taken corrected and submitted again', async () => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, { pesel: peselBornOn('1990-05-14') });
    await fillAdultParts(centre.browser, page);
    expect((await submit(centre.browser, page)).status).toBe(303);
    const cardId = cardIdOf(page);
    const reviewPath = `/${centre.slug}/admin/cards/applications/${cardId}`;
    const review = await centre.clerkBrowser.get(reviewPath).expect(200);
    const returned = await postForm(centre.clerkBrowser, stepForm(review.text, `${reviewPath}/transitions`, 'return'), {
      reasons: 'Zdjęcie jest nieostre.',
    });
    expect(returned.status).toBe(303);

    const html = (await centre.browser.get(page).expect(200)).text;
    expect(seen(html)).toContain('Stan zwrócony do poprawy');
    expect(seen(html)).toContain('Uwagi pracownika do wniosku Zdjęcie jest nieostre.');
    expect(formIn(html, `${page}/submission`)).toBeDefined();
    expect(seen(html)).toContain('Złóż wniosek ponownie');

    clock.advance(LATER);
    try {
      expect((await postPhoto(centre.browser, page, await goodPhoto())).status).toBe(303);
      expect((await submit(centre.browser, page)).status).toBe(303);
      const stored = await storedApplication(db.current, centre, cardId);
      expect(stored.card.state).toBe('submitted');
      expect(stored.events).toEqual(['submit', 'return', 'resubmit']);
      expect(stored.application.submitted_at).toEqual(clock.now());
    } finally {
      clock.advance(-LATER);
    }
  });
});

describe('one application a holder', () => {
  it('names the holder’s application to the account that made it, and to no other', async () => {
    const centre = await cityIssuer(db.current);
    const pesel = peselBornOn('2015-04-20');
    const first = await startOnline(centre, { pesel, firstName: 'Zosia' });

    const again = await postHolder(centre.browser, newPage(centre), { pesel, firstName: 'Zosia' });
    expect(again.status).toBe(409);
    expect(seen(again.text)).toContain('Ta osoba ma już kartę tego rodzaju albo złożony wniosek o nią.');
    expect(again.text).toContain(`href="${first}"`);

    const parent = newAgent(centre.app);
    await signInAs(parent, centre.slug, await createActiveClient(db.current.app, centre.tenant.id));
    const elsewhere = await postHolder(parent, newPage(centre), { pesel, firstName: 'Zosia' });
    expect(elsewhere.status).toBe(409);
    expect(seen(elsewhere.text)).toContain('Ta osoba ma już kartę tego rodzaju albo złożony wniosek o nią.');
    expect(elsewhere.text).not.toContain(cardIdOf(first));
    expect(seen((await parent.get(listPage(centre)).expect(200)).text)).toContain(
      'Nie złożono jeszcze żadnego wniosku.',
    );
    // The Client Card's Apply is no way round it.
    const forged = await postForged(parent, listPage(centre), `${listPage(centre)}/application`, {});
    expect(forged.status).toBe(404);
  });

  it('corrects the holder’s PESEL only to one without a card in play, nor of a child under 4', async () => {
    const centre = await cityIssuer(db.current);
    const taken = peselBornOn('1985-01-01');
    await startOnline(centre, { pesel: taken, firstName: 'Ewa' });
    const page = await startOnline(centre, { pesel: peselBornOn('1990-05-14') });

    const clash = await postPart(centre.browser, page, 'holder', { pesel: taken });
    expect(clash.status).toBe(422);
    expect(seen(clash.text)).toContain('Ta osoba ma już kartę tego rodzaju');
    const baby = await postPart(centre.browser, page, 'holder', { pesel: peselBornOn('2024-01-01') });
    expect(baby.status).toBe(422);
    expect(seen(baby.text)).toContain('Dziecko, które nie ukończyło 4 lat, nie potrzebuje karty');

    const corrected = peselBornOn('1991-07-07');
    expect((await postPart(centre.browser, page, 'holder', { pesel: corrected, lastName: 'Kowalska' })).status).toBe(
      303,
    );
    const text = seen((await centre.browser.get(page).expect(200)).text);
    expect(text).toContain(`Ola Kowalska, ur. 7 lipca 1991, PESEL kończący się na …${corrected.slice(-2)}`);
    // Kept when left empty.
    expect((await postPart(centre.browser, page, 'holder', { firstName: 'Aleksandra' })).status).toBe(303);
    expect(seen((await centre.browser.get(page).expect(200)).text)).toContain('Aleksandra Kowalska, ur. 7 lipca 1991');
  });
});
