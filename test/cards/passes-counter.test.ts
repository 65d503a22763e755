// Season passes at the counter (issue #22): a clerk sells a pass paid at the till, records entries
// (never below zero, refused at once on a blocked card), records an entitlement that opens the
// reduced price, and a replacement moves every pass to the new card; all on the card's page, with
// the forms it renders.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { findForm, formIn, postForm, submitForm } from '../support/forms.ts';
import { cardRows, clock, sportsCentre, stepForm, type SportsCentre } from './cards-support.ts';
import { passRowsOf, passTypeFor } from './passes-support.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { sellPass } from '../../src/features/cards/passes/pass-steps.ts';
import type { PassType } from '../../src/features/cards/passes/passes.types.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

/** The client applies online and the clerk takes the activation fee at the till: the card is active. */
async function activeCard(centre: SportsCentre): Promise<{ id: string; accountId: string; path: string }> {
  const own = await centre.browser.get(`/${centre.slug}/cards/karta-klienta`).expect(200);
  await postForm(centre.browser, formIn(own.text, `/${centre.slug}/cards/karta-klienta/application`));
  const card = (await cardRows(db.current, centre.tenant)).at(-1)!;
  const till = `/${centre.slug}/admin/accounts/${card.account_id}`;
  const paid = await submitForm(
    centre.clerkBrowser,
    till,
    { amount: '20,00', source: 'cash', receiptNumber: `KP/${card.number}` },
    { action: `${till}/payments` },
  );
  expect(paid.status).toBe(303);
  return { id: card.id, accountId: card.account_id, path: `/${centre.slug}/admin/cards/${card.id}` };
}

/** The clerk sells a pass of the type at its full price, paid in cash, from the card's page as it is now. */
async function sellFullPrice(centre: SportsCentre, cardPath: string, passTypeCode: string, receiptNumber: string) {
  const page = await centre.clerkBrowser.get(cardPath).expect(200);
  const sold = await postForm(centre.clerkBrowser, formIn(page.text, `${cardPath}/passes`), {
    passType: passTypeCode,
    price: 'full',
    source: 'cash',
    receiptNumber,
  });
  expect(sold.status).toBe(303);
}

/** A pass of the type bought by the card's holder online (as the card page's form does) and not paid. */
async function boughtOnlineUnpaid(centre: SportsCentre, cardId: string, passType: PassType): Promise<void> {
  const context = {
    tenant: centre.tenant,
    actor: { kind: 'client', clientId: centre.client.id },
    requestId: 't',
  } as const;
  const sale = await withTenant(db.current.app, centre.tenant.id, async (trx) =>
    sellPass(trx, { clock }, context, {
      card: (await cardById(trx, cardId))!,
      cardType: centre.cardType,
      passType,
      reduced: false,
    }),
  );
  expect(sale.kind).toBe('bought');
}

const passRows = (centre: SportsCentre) => passRowsOf(db.current.app, centre.tenant);

const entryRows = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, (trx) => tenantRows(trx, 'pass_entries').select('pass_id', 'card_id'));

const findEntryForm = (html: string, cardPath: string) => findForm(html, `${cardPath}/entries`);

const balanceOf = (centre: SportsCentre, accountId: string) =>
  withTenant(db.current.app, centre.tenant.id, async (trx) =>
    Number((await tenantRows(trx, 'ledger_entries').where({ account_id: accountId }).sum('amount as sum'))[0]!.sum),
  );

describe('season passes at the counter', () => {
  it('are sold paid at the till and valid from today for their days', async () => {
    const centre = await sportsCentre(db.current);
    const passType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { name: 'Karnet miesięczny' });
    const card = await activeCard(centre);
    const page = await centre.clerkBrowser.get(card.path).expect(200);
    expect(seen(page.text)).toContain('Na tej karcie nie ma karnetów.');
    const sold = await postForm(centre.clerkBrowser, formIn(page.text, `${card.path}/passes`), {
      passType: passType.code,
      price: 'full',
      source: 'card',
      receiptNumber: 'KP/100',
    });
    expect(sold.status).toBe(303);
    const after = await centre.clerkBrowser.get(String(sold.headers.location)).expect(200);
    const text = seen(after.text);
    expect(text).toContain('Karnet został sprzedany i opłacony; obowiązuje od dziś.');
    expect(text).toContain('Karnet miesięczny (Pływalnia), 120,00 zł');
    expect(text).toContain('ważny: od 15 grudnia 2026 do 13 stycznia 2027');
    expect(await passRows(centre)).toMatchObject([
      { card_id: card.id, state: 'valid', price: '12000', valid_from: '2026-12-15', valid_until: '2027-01-13' },
    ]);
    expect(await balanceOf(centre, card.accountId)).toBe(0);
  });

  it('take entries down to zero and no further, and refuse a blocked card at once', async () => {
    const centre = await sportsCentre(db.current);
    const passType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, {
      name: 'Karnet 2 wejścia',
      validityDays: null,
      entries: 2,
    });
    const card = await activeCard(centre);
    await sellFullPrice(centre, card.path, passType.code, 'KP/200');
    const withPass = await centre.clerkBrowser.get(card.path).expect(200);
    const entryForm = formIn(withPass.text, `${card.path}/entries`);
    expect(seen(withPass.text)).toContain('Pozostałe wejścia 2');
    for (const left of [1, 0]) {
      const entered = await postForm(centre.clerkBrowser, entryForm);
      expect(entered.status).toBe(303);
      const shown = await centre.clerkBrowser.get(String(entered.headers.location)).expect(200);
      expect(seen(shown.text)).toContain('Wejście zostało zapisane.');
      expect(seen(shown.text)).toContain(`Pozostałe wejścia ${left}`);
    }
    const usedUp = await centre.clerkBrowser.get(card.path).expect(200);
    expect(seen(usedUp.text)).toContain('wykorzystany');
    expect(findEntryForm(usedUp.text, card.path)).toBeUndefined();
    // The page's form sent once more (an old tab): refused, and the count stays at zero.
    const again = await postForm(centre.clerkBrowser, entryForm);
    expect(again.status).toBe(409);
    expect(seen(again.text)).toContain('Wszystkie wejścia z karnetu zostały wykorzystane: wejścia nie zapisano.');
    expect((await passRows(centre))[0]).toMatchObject({ entries_left: 0 });
    expect(await entryRows(centre)).toHaveLength(2);

    // A second pass, then the card blocked: the entry form the clerk still has open is refused.
    const second = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { name: 'Karnet dzienny' });
    await sellFullPrice(centre, card.path, second.code, 'KP/201');
    const open = await centre.clerkBrowser.get(card.path).expect(200);
    const openEntry = formIn(open.text, `${card.path}/entries`);
    const sale = formIn(open.text, `${card.path}/passes`);
    await postForm(centre.clerkBrowser, stepForm(open.text, `${card.path}/transitions`, 'block'));
    const refused = await postForm(centre.clerkBrowser, openEntry);
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain(
      'Karta nie jest aktywna (zablokowana lub nieopłacona): nie można zapisać wejścia.',
    );
    const notSold = await postForm(centre.clerkBrowser, sale, {
      passType: second.code,
      price: 'full',
      source: 'cash',
      receiptNumber: 'KP/202',
    });
    expect(notSold.status).toBe(409);
    expect(seen(notSold.text)).toContain('Karnet można sprzedać tylko na aktywną kartę. Niczego nie sprzedano.');
    expect(await entryRows(centre)).toHaveLength(2);
    expect(await passRows(centre)).toHaveLength(2);
  });

  it('sell the reduced price only once an entitlement is recorded, each mistake said at its field', async () => {
    const centre = await sportsCentre(db.current);
    const passType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, {
      name: 'Karnet studencki',
      reducedPrice: 6_000,
      reducedFor: 'student',
    });
    const card = await activeCard(centre);
    const page = await centre.clerkBrowser.get(card.path).expect(200);
    expect(seen(page.text)).toContain('ulgowy 60,00 zł: uczniowie i studenci');
    const sale = { passType: passType.code, price: 'reduced', source: 'cash', receiptNumber: 'KP/300' };
    const refused = await postForm(centre.clerkBrowser, formIn(page.text, `${card.path}/passes`), sale);
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain('Posiadacz karty nie ma zapisanego uprawnienia do tej ulgi.');
    expect(await passRows(centre)).toEqual([]);
    expect(await balanceOf(centre, card.accountId)).toBe(0);

    const entitlement = formIn(page.text, `${card.path}/entitlements`);
    const wrong = await postForm(centre.clerkBrowser, entitlement, { validUntil: '2027-02-30' });
    expect(wrong.status).toBe(422);
    expect(seen(wrong.text)).toContain('Wybierz uprawnienie.');
    expect(seen(wrong.text)).toContain('Podaj datę, np. 2027-06-30.');
    const recorded = await postForm(centre.clerkBrowser, entitlement, { kind: 'student', validUntil: '2027-06-30' });
    expect(recorded.status).toBe(303);
    const entitled = await centre.clerkBrowser.get(String(recorded.headers.location)).expect(200);
    expect(seen(entitled.text)).toContain('uczniowie i studenci: do 30 czerwca 2027');
    const sold = await postForm(centre.clerkBrowser, formIn(entitled.text, `${card.path}/passes`), sale);
    expect(sold.status).toBe(303);
    expect(await passRows(centre)).toMatchObject([{ state: 'valid', price: '6000', reduced: true }]);

    // Ended by recording it again with an earlier day: the reduced price is closed again.
    clock.advance(60_000);
    await postForm(centre.clerkBrowser, formIn(entitled.text, `${card.path}/entitlements`), {
      kind: 'student',
      validUntil: '2026-12-14',
    });
    const ended = await centre.clerkBrowser.get(card.path).expect(200);
    expect(seen(ended.text)).toContain('uczniowie i studenci: wygasło 14 grudnia 2026');
    const late = await postForm(centre.clerkBrowser, formIn(ended.text, `${card.path}/passes`), {
      ...sale,
      receiptNumber: 'KP/301',
    });
    expect(late.status).toBe(409);
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ action: 'cards.entitlement_recorded' }).select('actor_id'),
    );
    expect(audited).toEqual([{ actor_id: centre.clerk.id }, { actor_id: centre.clerk.id }]);
  });

  it('move with a replaced card to the new one, whose entries wait for its fee', async () => {
    const centre = await sportsCentre(db.current);
    const passType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { entries: 5 });
    const card = await activeCard(centre);
    await sellFullPrice(centre, card.path, passType.code, 'KP/400');
    // A second pass bought online and never paid: its debt sits on the old card's account.
    const unpaidType = await passTypeFor(db.current.app, centre.tenant, centre.cardType, {
      name: 'Karnet nieopłacony',
    });
    await boughtOnlineUnpaid(centre, card.id, unpaidType);
    const active = await centre.clerkBrowser.get(card.path).expect(200);
    const oldEntry = formIn(active.text, `${card.path}/entries`);
    await postForm(centre.clerkBrowser, stepForm(active.text, `${card.path}/transitions`, 'block'));
    const blocked = await centre.clerkBrowser.get(card.path).expect(200);
    await postForm(centre.clerkBrowser, stepForm(blocked.text, `${card.path}/transitions`, 'replace'));
    const [old, replacement] = await cardRows(db.current, centre.tenant);
    expect([old!.state, replacement!.state]).toEqual(['replaced', 'issued']);
    // The valid pass moves; the unpaid one is cancelled on the old card, which owes nothing.
    const byState = (await passRows(centre)).sort((a, b) => String(a.state).localeCompare(String(b.state)));
    expect(byState).toMatchObject([
      { card_id: old!.id, state: 'cancelled' },
      { card_id: replacement!.id, state: 'valid', entries_left: 5 },
    ]);
    expect(await balanceOf(centre, card.accountId)).toBe(0);
    expect(seen((await centre.clerkBrowser.get(card.path).expect(200)).text)).toContain('anulowany');

    const newPath = `/${centre.slug}/admin/cards/${replacement!.id}`;
    const issued = await centre.clerkBrowser.get(newPath).expect(200);
    expect(seen(issued.text)).toContain('ważny');
    expect(findEntryForm(issued.text, newPath)).toBeUndefined();
    // The old card's entry form, for the pass now on the new card: the old card holds it no more,
    // and the new card, its fee unpaid, lets nobody in.
    expect((await postForm(centre.clerkBrowser, oldEntry)).status).toBe(404);
    const refused = await postForm(centre.clerkBrowser, { ...oldEntry, action: `${newPath}/entries` });
    expect(refused.status).toBe(409);
    const till = `/${centre.slug}/admin/accounts/${replacement!.account_id}`;
    await submitForm(
      centre.clerkBrowser,
      till,
      { amount: '20,00', source: 'cash', receiptNumber: 'KP/401' },
      { action: `${till}/payments` },
    );
    const reactivated = await centre.clerkBrowser.get(newPath).expect(200);
    expect(seen(reactivated.text)).toContain('Stan aktywna');
    const entered = await postForm(centre.clerkBrowser, formIn(reactivated.text, `${newPath}/entries`));
    expect(entered.status).toBe(303);
    expect((await passRows(centre)).find((row) => row.state === 'valid')).toMatchObject({
      card_id: replacement!.id,
      entries_left: 4,
    });
  });

  it('sold with an older pass unpaid: the payment pays the older one first, and the page says so', async () => {
    const centre = await sportsCentre(db.current);
    const older = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { name: 'Karnet starszy' });
    const newer = await passTypeFor(db.current.app, centre.tenant, centre.cardType, { name: 'Karnet nowszy' });
    const card = await activeCard(centre);
    await boughtOnlineUnpaid(centre, card.id, older);
    // The next day (the clerk signed in again): the older charge is due first, so the payment settles it first.
    clock.advance(24 * 60 * 60_000);
    const clerk = await staffBrowser(db.current.app, centre.app, centre.tenant, centre.clerk, clock);
    const page = await clerk.get(card.path).expect(200);
    const sold = await postForm(clerk, formIn(page.text, `${card.path}/passes`), {
      passType: newer.code,
      price: 'full',
      source: 'cash',
      receiptNumber: 'KP/500',
    });
    const shown = await clerk.get(String(sold.headers.location)).expect(200);
    expect(seen(shown.text)).toContain('Wpłata pokryła najpierw starsze nieopłacone należności na karcie');
    expect(await passRows(centre)).toMatchObject([{ state: 'valid' }, { state: 'unpaid' }]);
    expect(await balanceOf(centre, card.accountId)).toBe(12_000);
  });
});
