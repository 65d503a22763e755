// A city card application entered at the counter from a paper form (issue #23), through the same
// forms and services as online: the client's page links to it, the clerk names the holder, fills
// every part (the files owned by the member of staff), and submits it as the clerk; the client's
// account sees it among its applications, photo included. And the card types of a city card
// issuer: a manager adds one with the city card's workflow and no fee; where the tenant issues
// both kinds, the manager chooses; a Client Card issuer's form is as it was.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForged, postForm } from '../support/forms.ts';
import { CITY_CARD, sportsCentre } from './cards-support.ts';
import {
  cardIdOf,
  cityIssuer,
  listPage,
  peselBornOn,
  postHolder,
  postPart,
  postPhoto,
  postRepresentative,
  goodPhoto,
  storedApplication,
  submit,
} from './city-apply-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

describe('an application entered from a paper form', () => {
  it('is made, filled in and submitted by the clerk for the client, who sees it online', async () => {
    const centre = await cityIssuer(db.current);
    const clientPage = `/${centre.slug}/admin/clients/${centre.client.id}`;
    const newPath = `${clientPage}/city-cards/new`;
    const panel = await centre.clerkBrowser.get(clientPage).expect(200);
    expect(seen(panel.text)).toContain('Wprowadź wniosek o kartę „Karta Miejska” z formularza papierowego');
    expect(panel.text).toContain(`href="${newPath}"`);

    // A 15-year-old, whose parent consents on the paper form.
    const started = await postHolder(centre.clerkBrowser, newPath, {
      pesel: peselBornOn('2011-03-01'),
      firstName: 'Kuba',
    });
    expect(started.status).toBe(303);
    const page = String(started.headers.location).replace(/\?.*$/, '');
    expect(page).toMatch(new RegExp(`^/${centre.slug}/admin/cards/[0-9a-f-]{36}/application-form$`));
    const cardId = cardIdOf(page);
    const first = seen((await centre.clerkBrowser.get(`${page}?done=started`).expect(200)).text);
    expect(first).toContain('Wniosek wprowadzany z formularza papierowego dla klienta: Anna');
    expect(first).toContain('za zgodą rodzica lub opiekuna prawnego');

    const address = { street: 'ul. Dworcowa 5', postalCode: '65-002', city: 'Zielonka' };
    expect((await postPart(centre.clerkBrowser, page, 'address', address)).status).toBe(303);
    expect((await postRepresentative(centre.clerkBrowser, page, 'parent')).status).toBe(303);
    expect(
      (await postPart(centre.clerkBrowser, page, 'id-document', { idKind: 'school_id', idNumber: 'L 1' })).status,
    ).toBe(422);
    expect(
      (await postPart(centre.clerkBrowser, page, 'id-document', { idKind: 'school_id', idNumber: 'ls 23456' })).status,
    ).toBe(303);
    expect((await postPhoto(centre.clerkBrowser, page, await goodPhoto())).status).toBe(303);
    const photo = await centre.clerkBrowser.get(`${page}/photo`).buffer(true).expect(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await submit(centre.clerkBrowser, page)).status).toBe(303);

    const stored = await storedApplication(db.current, centre, cardId);
    expect(stored).toMatchObject({ card: { state: 'submitted', client_id: centre.client.id }, events: ['submit'] });
    const traces = await withTenant(db.current.app, centre.tenant.id, async (trx) => ({
      submitted: await tenantRows(trx, 'card_events').where({ card_id: cardId }).first('actor_role', 'actor_id'),
      files: await tenantRows(trx, 'uploads').select('purpose', 'staff_id', 'client_id'),
      audited: await tenantRows(trx, 'audit_log').where({ subject_id: cardId }).distinct().pluck('actor_id'),
    }));
    expect(traces.submitted).toEqual({ actor_role: 'clerk', actor_id: centre.clerk.id });
    expect(traces.files).toEqual([{ purpose: 'city-card-photo', staff_id: centre.clerk.id, client_id: null }]);
    expect(traces.audited).toEqual([centre.clerk.id]);

    const after = seen((await centre.clerkBrowser.get(page).expect(200)).text);
    expect(after).toContain('Stan złożony');
    expect(after).toContain('Dokument tożsamości legitymacja szkolna LS23456');
    expect(seen((await centre.clerkBrowser.get(clientPage).expect(200)).text)).toContain(
      'Karta Miejska (Kuba Nowak): złożony',
    );

    // The client's account has it, and its photo.
    const online = `${listPage(centre)}/applications/${cardId}`;
    expect(seen((await centre.browser.get(listPage(centre)).expect(200)).text)).toContain('Kuba Nowak');
    expect(seen((await centre.browser.get(online).expect(200)).text)).toContain('Stan złożony');
    await centre.browser.get(`${online}/photo`).expect(200);
  });

  it('is where the counter’s Apply button leads for a city card, and a 404 for another tenant’s client', async () => {
    const centre = await cityIssuer(db.current);
    const clientPage = `/${centre.slug}/admin/clients/${centre.client.id}`;
    const applied = await postForged(centre.clerkBrowser, clientPage, `${clientPage}/cards`, {
      cardType: centre.cardType.id,
    });
    expect([applied.status, applied.headers.location]).toEqual([303, `${clientPage}/city-cards/new`]);
    const other = await cityIssuer(db.current);
    await centre.clerkBrowser.get(`/${centre.slug}/admin/clients/${other.client.id}/city-cards/new`).expect(404);
    const forged = await postForged(
      centre.clerkBrowser,
      clientPage,
      `/${centre.slug}/admin/clients/${other.client.id}/city-cards`,
      {
        cardType: centre.cardType.id,
        firstName: 'Ola',
        lastName: 'Nowak',
        pesel: peselBornOn('1990-05-14'),
        incapacity: 'none',
      },
    );
    expect(forged.status).toBe(404);
    expect(await withTenant(db.current.app, centre.tenant.id, (trx) => tenantRows(trx, 'cards').pluck('id'))).toEqual(
      [],
    );
  });
});

describe('the card types of a city card issuer', () => {
  const typesPath = (slug: string) => `/${slug}/admin/cards/types`;
  const newType = { name: 'Karta Seniora', code: 'karta-seniora', numberPrefix: '6002', numberLength: '16' };

  it('are added with the city card’s workflow and no fee', async () => {
    const centre = await cityIssuer(db.current);
    const dashboard = await centre.managerBrowser.get(`/${centre.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="${typesPath(centre.slug)}"`);
    const page = await centre.managerBrowser.get(typesPath(centre.slug)).expect(200);
    expect(seen(page.text)).toContain(
      'Karta Miejska: bezpłatna, numery z prefiksem 6001, 16 cyfr, cyfra kontrolna Luhna',
    );
    expect(seen(page.text)).toContain('Imienna e-karta miejska jest bezpłatna');
    const form = formIn(page.text, typesPath(centre.slug));
    expect(form.fields.map((field) => field.name)).toEqual([
      '_csrf',
      'name',
      'code',
      'currency',
      'currency',
      'numberPrefix',
      'numberLength',
      'checkDigit',
      'checkDigit',
    ]);
    expect((await postForm(centre.managerBrowser, form, { ...newType, currency: 'PLN' })).status).toBe(303);
    const row = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'card_types').where({ code: 'karta-seniora' }).first('workflow', 'activation_fee'),
    );
    expect(row).toEqual({ workflow: 'city_card', activation_fee: '0' });
    const typePage = await centre.managerBrowser.get(typesPath(centre.slug)).expect(200);
    expect(seen(typePage.text)).toContain('Karta Seniora: bezpłatna');
    // Its page asks no fee either; the client applies for it as for a city card.
    const [typeId] = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'card_types').where({ code: 'karta-seniora' }).pluck('id'),
    );
    const own = await centre.managerBrowser.get(`${typesPath(centre.slug)}/${typeId as string}`).expect(200);
    expect(formIn(own.text, `${typesPath(centre.slug)}/${typeId as string}`).fields.map((f) => f.name)).toEqual([
      '_csrf',
      'name',
    ]);
    expect(seen((await centre.browser.get(`/${centre.slug}/cards/karta-seniora`).expect(200)).text)).toContain(
      'Nowy wniosek',
    );
  });

  it('offer the choice of kind where the tenant issues both, a city card’s fee being 0 whatever is typed', async () => {
    const centre = await sportsCentre(db.current, {
      modules: ['registration', 'client_card', 'city_card'],
      issues: CITY_CARD,
    });
    const page = await centre.managerBrowser.get(typesPath(centre.slug)).expect(200);
    const form = formIn(page.text, typesPath(centre.slug));
    expect(form.fields.filter((f) => f.name === 'workflow').map((f) => f.value)).toEqual(['client_card', 'city_card']);
    const unchosen = await postForm(centre.managerBrowser, form, {
      ...newType,
      activationFee: '15,00',
      currency: 'PLN',
    });
    expect(unchosen.status).toBe(422);
    expect(seen(unchosen.text)).toContain('Wybierz rodzaj karty.');
    const chosen = await postForm(centre.managerBrowser, form, {
      ...newType,
      workflow: 'city_card',
      activationFee: '15,00',
      currency: 'PLN',
    });
    expect(chosen.status).toBe(303);
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ action: 'cards.type_created' }).first('changes'),
    );
    expect(audited.changes).toMatchObject({ workflow: [null, 'city_card'], activationFee: [null, 0] });
  });

  it('keep the Client Card issuer’s form as it was', async () => {
    const centre = await sportsCentre(db.current);
    const page = await centre.managerBrowser.get(typesPath(centre.slug)).expect(200);
    const names = [...new Set(formIn(page.text, typesPath(centre.slug)).fields.map((field) => field.name))];
    expect(names).toEqual([
      '_csrf',
      'name',
      'code',
      'activationFee',
      'currency',
      'numberPrefix',
      'numberLength',
      'checkDigit',
    ]);
    expect(seen(page.text)).not.toContain('Rodzaj karty');
  });
});
