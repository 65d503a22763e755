// An application for a card made at the counter (issue #22: a client without internet applies in
// person). The client's page offers a button for each card type the client has no card of in
// play; pressing it submits the application as the clerk (the card's history says so, the audit
// log names the clerk), the portal issues the card at once with its number and the activation
// fee due, and the clerk lands on the card's page. Pressed again, it finds that card and says
// so; a client or card type of another tenant is a 404; only staff may press it.
import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formsIn, postForged, postForm, type PageForm } from '../support/forms.ts';
import { cardMails, cardRows, chargesOn, sportsCentre, type SportsCentre } from './cards-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

const clientPath = (centre: SportsCentre, clientId: string) => `/${centre.slug}/admin/clients/${clientId}`;

/** The client's page at the counter and its forms applying for a card. */
async function applicationForms(centre: SportsCentre, clientId: string): Promise<[string, PageForm[]]> {
  const page = await centre.clerkBrowser.get(clientPath(centre, clientId)).expect(200);
  const action = `${clientPath(centre, clientId)}/cards`;
  return [page.text, formsIn(page.text).filter((form) => form.action === action)];
}

describe('a card applied for at the counter', () => {
  it('is issued with its number and the fee due, the clerk named as the one who applied', async () => {
    const centre = await sportsCentre(db.current);
    // Served at the counter only: no e-mail, no account online.
    const client = await createClient(db.current.app, centre.tenant.id, { email: null });
    const [before, forms] = await applicationForms(centre, client.id);
    expect(seen(before)).toContain('Klient nie ma żadnej karty.');
    expect(seen(before)).toContain('Złóż w imieniu klienta wniosek o kartę „Karta Klienta”');
    expect(forms).toHaveLength(1);

    const applied = await postForm(centre.clerkBrowser, forms[0]!);
    expect(applied.status).toBe(303);
    const [card] = await cardRows(db.current, centre.tenant);
    expect(card).toMatchObject({ client_id: client.id, state: 'issued' });
    expect(String(applied.headers.location)).toBe(`/${centre.slug}/admin/cards/${card!.id}?done=applied`);
    expect(card!.number).toMatch(/^7701[0-9]{8}$/);
    expect(isValidLuhn(card!.number)).toBe(true);
    const page = await centre.clerkBrowser.get(String(applied.headers.location)).expect(200);
    const text = seen(page.text);
    expect(text).toContain('Złożono wniosek w imieniu klienta.');
    expect(text).toContain(`Numer karty ${card!.number}`);
    expect(text).toContain('Stan wydana');
    expect(text).toContain('Do zapłaty 20,00 zł');
    expect(text).toContain('złożony, pracownik');
    expect(await chargesOn(db.current, centre.tenant, card!.account_id)).toEqual([
      { amount: '2000', title: `Karta Klienta ${card!.number}` },
    ]);

    const submitted = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'card_events')
        .where({ card_id: card!.id, transition: 'submit' })
        .select('actor_role', 'actor_id'),
    );
    expect(submitted).toEqual([{ actor_role: 'clerk', actor_id: centre.clerk.id }]);
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: card!.id }).select('action', 'actor_id'),
    );
    expect(audited).toEqual([{ action: 'cards.submit', actor_id: centre.clerk.id }]);
    // Nobody to mail: the client has no address.
    expect(await cardMails(db.current, centre.tenant)).toEqual([]);

    // The client's page shows the card and offers no second application.
    const [after, formsAfter] = await applicationForms(centre, client.id);
    expect(seen(after)).toContain(`Karta Klienta ${card!.number}: wydana`);
    expect(formsAfter).toEqual([]);
  });

  it('pressed again finds the card in play and says so', async () => {
    const centre = await sportsCentre(db.current);
    const [, [form]] = await applicationForms(centre, centre.client.id);
    const first = await postForm(centre.clerkBrowser, form!);
    // The same button again, as from a tab opened before the first press.
    const second = await postForm(centre.clerkBrowser, form!);
    expect(second.status).toBe(303);
    const cards = await cardRows(db.current, centre.tenant);
    expect(cards).toHaveLength(1);
    expect(String(first.headers.location)).toBe(`/${centre.slug}/admin/cards/${cards[0]!.id}?done=applied`);
    expect(String(second.headers.location)).toBe(`/${centre.slug}/admin/cards/${cards[0]!.id}?done=alreadyOpen`);
    const page = await centre.clerkBrowser.get(String(second.headers.location)).expect(200);
    expect(seen(page.text)).toContain('Klient ma już tę kartę lub wniosek o nią; nowego wniosku nie złożono.');
    expect(await chargesOn(db.current, centre.tenant, cards[0]!.account_id)).toHaveLength(1);
    // The client has an address: one mail, from the first application.
    expect(await cardMails(db.current, centre.tenant)).toHaveLength(1);
  });

  it('is a 404 for another tenant’s client or card type, and no one’s but staff’s', async () => {
    const centre = await sportsCentre(db.current);
    const other = await sportsCentre(db.current);
    const [, [form]] = await applicationForms(centre, centre.client.id);
    const [, [othersForm]] = await applicationForms(other, other.client.id);
    // This centre's button, aimed at the other centre's client.
    const strangerClient = { ...form!, action: `${clientPath(centre, other.client.id)}/cards` };
    expect((await postForm(centre.clerkBrowser, strangerClient)).status).toBe(404);
    // The other centre's card type, for this centre's client.
    const strangerType = {
      ...form!,
      fields: form!.fields.map((field) => (field.name === 'cardType' ? { ...field, value: other.cardType.id } : field)),
    };
    expect(othersForm!.fields.find((field) => field.name === 'cardType')!.value).toBe(other.cardType.id);
    expect((await postForm(centre.clerkBrowser, strangerType)).status).toBe(404);
    const notAType = {
      ...form!,
      fields: form!.fields.map((field) => (field.name === 'cardType' ? { ...field, value: 'karta' } : field)),
    };
    expect((await postForm(centre.clerkBrowser, notAType)).status).toBe(404);
    // A client signed in to the portal is no member of staff: to the staff's sign-in.
    const byClient = await postForged(centre.browser, `/${centre.slug}/admin/sign-in`, form!.action, {
      cardType: centre.cardType.id,
    });
    expect(byClient.status).toBe(303);
    expect(String(byClient.headers.location)).toMatch(new RegExp(`^/${centre.slug}/admin/sign-in`));
    expect(await cardRows(db.current, centre.tenant)).toEqual([]);
    expect(await cardRows(db.current, other.tenant)).toEqual([]);
  });

  it('is not offered at a tenant without the module', async () => {
    const centre = await sportsCentre(db.current, { modules: ['registration', 'balance'] });
    const [page, forms] = await applicationForms(centre, centre.client.id);
    expect(forms).toEqual([]);
    expect(seen(page)).not.toContain('Złóż w imieniu klienta wniosek');
  });
});
