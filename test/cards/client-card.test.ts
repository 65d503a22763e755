// The Client Card online (issue #22, source 000): a signed-in client at a sports centre opens
// "Client Card" from the dashboard and applies; the application is submitted, approved and
// issued at once with a number in the tenant's format, and the activation fee becomes a charge
// on the card's own account, posted once however often Apply is pressed; paying it online (the
// test provider) makes the card active, and the counter's search finds the holder by the number.
// Another tenant, or a tenant without the module, answers 404; the holder blocks a lost card.
import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { applyOnline, cardMails, cardPage, cardRows, chargesOn, payCardOnline, sportsCentre } from './cards-support.ts';

const db = useTestDatabase();

/** The page's text as read: visibleText leaves a space where an element ends before a colon. */
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

describe('the Client Card online', () => {
  it('is on the dashboard, and applying issues a numbered card with its activation fee due', async () => {
    const centre = await sportsCentre(db.current);
    const dashboard = await centre.browser.get(`/${centre.slug}/account`).expect(200);
    expect(dashboard.text).toContain(`href="/${centre.slug}/cards"`);
    expect(seen(dashboard.text)).toContain(
      'Wniosek o Kartę Klienta, opłata aktywacyjna i stan karty. Przejdź do Karty Klienta',
    );
    const list = await centre.browser.get(`/${centre.slug}/cards`).expect(200);
    expect(seen(list.text)).toContain('Karta Klienta: nie złożono wniosku');
    const before = await centre.browser.get(cardPage(centre)).expect(200);
    expect(seen(before.text)).toContain('Opłata aktywacyjna wynosi 20,00 zł');
    expect(formIn(before.text, `${cardPage(centre)}/application`).method).toBe('post');

    const after = await applyOnline(centre);
    const [card] = await cardRows(db.current, centre.tenant);
    expect(card!.state).toBe('issued');
    expect(card!.number).toMatch(/^7701[0-9]{8}$/);
    expect(isValidLuhn(card!.number)).toBe(true);
    const text = seen(after.text);
    expect(text).toContain('Wniosek został złożony.');
    expect(text).toContain(card!.number);
    expect(text).toContain('wydana');
    expect(text).toContain('Do zapłaty: 20,00 zł.');
    expect(after.text).toContain(`href="/${centre.slug}/account/payments/new?account=${card!.account_id}"`);
    expect(await chargesOn(db.current, centre.tenant, card!.account_id)).toEqual([
      { amount: '2000', title: `Karta Klienta ${card!.number}` },
    ]);
    // One mail about where the card ended, and the client's own step in the audit log.
    expect(await cardMails(db.current, centre.tenant)).toHaveLength(1);
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: card!.id }).pluck('action'),
    );
    expect(audited).toEqual(['cards.submit']);
  });

  it('makes one application and posts the fee once, however often and however fast Apply is pressed', async () => {
    const centre = await sportsCentre(db.current);
    const page = await centre.browser.get(cardPage(centre)).expect(200);
    const form = formIn(page.text, `${cardPage(centre)}/application`);
    const responses = await Promise.all(Array.from({ length: 5 }, () => postForm(centre.browser, form)));
    expect(responses.map((response) => response.status)).toEqual([303, 303, 303, 303, 303]);
    // The form again from a tab opened before: the card applied for is what it leads to.
    const again = await postForm(centre.browser, form);
    const shown = await centre.browser.get(String(again.headers.location)).expect(200);
    expect(seen(shown.text)).toContain('Wniosek o tę kartę został już złożony wcześniej.');
    const cards = await cardRows(db.current, centre.tenant);
    expect(cards).toHaveLength(1);
    expect(await chargesOn(db.current, centre.tenant, cards[0]!.account_id)).toHaveLength(1);
    expect(await cardMails(db.current, centre.tenant)).toHaveLength(1);
  });

  it('becomes active once the fee is paid online, and the counter finds its holder by the number', async () => {
    const centre = await sportsCentre(db.current);
    await applyOnline(centre);
    const [card] = await cardRows(db.current, centre.tenant);
    await payCardOnline(db.current, centre, card!.account_id);
    const page = await centre.browser.get(cardPage(centre)).expect(200);
    const text = seen(page.text);
    expect(text).toContain('aktywna: kartą można się posługiwać.');
    expect(text).toContain(card!.number);
    expect(text).not.toContain('Do zapłaty');
    expect(text).toMatch(/Wpłata: /);
    expect((await cardRows(db.current, centre.tenant))[0]!.state).toBe('active');
    expect(await cardMails(db.current, centre.tenant)).toHaveLength(2);
    // Shown again: nothing more to take, nothing more mailed.
    await centre.browser.get(cardPage(centre)).expect(200);
    expect(await cardMails(db.current, centre.tenant)).toHaveLength(2);

    const spaced = `${card!.number.slice(0, 4)} ${card!.number.slice(4, 8)} ${card!.number.slice(8)}`;
    const search = (q: string) => submitForm(centre.clerkBrowser, `/${centre.slug}/admin/clients`, { q });
    const found = await search(spaced);
    expect(found.status).toBe(200);
    expect(found.text).toContain(`href="/${centre.slug}/admin/clients/${centre.client.id}"`);
    const mistyped = `${card!.number.slice(0, 11)}${(Number(card!.number[11]) + 1) % 10}`;
    const notFound = await search(mistyped);
    expect(notFound.text).not.toContain(`href="/${centre.slug}/admin/clients/${centre.client.id}"`);
  });

  it('is blocked by its holder when lost, and refused at once', async () => {
    const centre = await sportsCentre(db.current);
    await applyOnline(centre);
    const [card] = await cardRows(db.current, centre.tenant);
    await payCardOnline(db.current, centre, card!.account_id);
    const blocked = await submitForm(centre.browser, cardPage(centre), {}, { action: `${cardPage(centre)}/block` });
    expect(blocked.status).toBe(303);
    const page = await centre.browser.get(String(blocked.headers.location)).expect(200);
    expect(seen(page.text)).toContain('Karta została zablokowana.');
    expect(seen(page.text)).toContain('zablokowana: karta jest zablokowana');
    expect(page.text).not.toContain(`${cardPage(centre)}/block`);
    expect((await cardRows(db.current, centre.tenant))[0]!.state).toBe('blocked');
  });

  it('is a 404 at another tenant, at a tenant without the module, and for a type that is none', async () => {
    const centre = await sportsCentre(db.current);
    const other = await sportsCentre(db.current);
    await other.browser.get(`/${other.slug}/cards/no-such-card`).expect(404);
    await other.browser.get(`/${other.slug}/cards/Not%20a%20code`).expect(404);
    const withoutModule = await sportsCentre(db.current, { modules: ['registration', 'balance'] });
    await withoutModule.browser.get(`/${withoutModule.slug}/cards/karta-klienta`).expect(404);
    const list = await withoutModule.browser.get(`/${withoutModule.slug}/cards`).expect(200);
    expect(seen(list.text)).toContain('Ta instytucja nie wydaje obecnie żadnych kart.');
    await applyOnline(centre);
    const [card] = await cardRows(db.current, centre.tenant);
    // The other centre's client sees their own Client Card to apply for, not this centre's card.
    const othersPage = await other.browser.get(`/${other.slug}/cards/karta-klienta`).expect(200);
    expect(othersPage.text).not.toContain(card!.number);
    expect(formIn(othersPage.text, `/${other.slug}/cards/karta-klienta/application`).method).toBe('post');
    // A card of this tenant is no card at the other's counter.
    await other.clerkBrowser.get(`/${other.slug}/admin/cards/${card!.id}`).expect(404);
    expect(await cardRows(db.current, other.tenant)).toEqual([]);
  });
});
