// The cards at the counter and in the settings (issue #22): the client's page shows their cards,
// a card's page offers the steps the clerk's role may take from its state; a return needs its
// reasons (said at the field, nothing changed), which the applicant then reads on their card's
// page and in the mail; a lost card is replaced with a new number and the fee due again. A
// manager configures the card types (each field's mistake said at the field); a clerk may not.
import { describe, expect, it } from 'vitest';
import { isValidDamm } from '../../src/lib/damm.ts';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, formsIn, postForged, postForm, submitForm } from '../support/forms.ts';
import { sealedParamsOf, outboxRows } from '../support/mail.ts';
import { cardRows, chargesOn, clock, sportsCentre, stepForm, type SportsCentre } from './cards-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

/** A card of the centre's client in `state`, as a paper application entered earlier would leave it. */
async function cardIn(centre: SportsCentre, state: string): Promise<string> {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    const [row] = await trx('cards')
      .insert({ card_type_id: centre.cardType.id, client_id: centre.client.id, state, state_since: clock.now() })
      .returning('id');
    return (row as { id: string }).id;
  });
}

/** The form of a new card type as a manager fills it in: the senior's card, with what differs. */
const seniorCard = (fill: Record<string, string>) => ({
  name: 'Karta Seniora',
  code: 'karta-seniora',
  activationFee: '10,00',
  currency: 'PLN',
  numberPrefix: '7702',
  numberLength: '12',
  ...fill,
});

describe('a card at the counter', () => {
  it('is returned with reasons, which are required, and which the applicant reads', async () => {
    const centre = await sportsCentre(db.current);
    const cardId = await cardIn(centre, 'submitted');
    const clientPage = await centre.clerkBrowser.get(`/${centre.slug}/admin/clients/${centre.client.id}`).expect(200);
    const cardPath = `/${centre.slug}/admin/cards/${cardId}`;
    expect(clientPage.text).toContain(`href="${cardPath}"`);
    expect(seen(clientPage.text)).toContain('Karta Klienta: złożony');
    const page = await centre.clerkBrowser.get(cardPath).expect(200);
    const action = `${cardPath}/transitions`;
    const offered = formsIn(page.text)
      .filter((form) => form.action === action)
      .map((form) => form.fields.find((field) => field.name === 'transition')?.value);
    expect(offered).toEqual(['approve', 'return', 'reject']);

    const missing = await postForm(centre.clerkBrowser, stepForm(page.text, action, 'return'), { reasons: '  ' });
    expect(missing.status).toBe(422);
    expect(seen(missing.text)).toContain('Wpisz uwagi: wnioskodawca otrzyma je w wiadomości.');
    expect((await cardRows(db.current, centre.tenant))[0]!.state).toBe('submitted');

    const returned = await postForm(centre.clerkBrowser, stepForm(page.text, action, 'return'), {
      reasons: 'Zdjęcie jest nieczytelne.',
    });
    expect(returned.status).toBe(303);
    const after = await centre.clerkBrowser.get(String(returned.headers.location)).expect(200);
    expect(seen(after.text)).toContain('Stan karty został zmieniony.');
    expect(seen(after.text)).toContain('zwrócony do poprawy, pracownik');
    const own = await centre.browser.get(`/${centre.slug}/cards/karta-klienta`).expect(200);
    expect(seen(own.text)).toContain('Uwagi do wniosku Zdjęcie jest nieczytelne.');
    const [mail] = (await outboxRows(db.current)).filter((row) => row.template === 'card-state');
    expect(sealedParamsOf(mail!)).toMatchObject({ state: 'returned', reasons: 'Zdjęcie jest nieczytelne.' });
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: cardId }).select('action', 'actor_id'),
    );
    expect(audited).toEqual([{ action: 'cards.return', actor_id: centre.clerk.id }]);
  });

  it('approved by a clerk is issued at once; a blocked card is replaced with a new number and the fee again', async () => {
    const centre = await sportsCentre(db.current);
    const cardId = await cardIn(centre, 'submitted');
    const cardPath = `/${centre.slug}/admin/cards/${cardId}`;
    const page = await centre.clerkBrowser.get(cardPath).expect(200);
    await postForm(centre.clerkBrowser, stepForm(page.text, `${cardPath}/transitions`, 'approve'));
    const [issued] = await cardRows(db.current, centre.tenant);
    expect(issued!.state).toBe('issued');
    // Paid at the counter's till (features/money): the card's page at the counter shows it active.
    const till = `/${centre.slug}/admin/accounts/${issued!.account_id}`;
    const paid = await submitForm(
      centre.clerkBrowser,
      till,
      { amount: '20,00', source: 'cash', receiptNumber: 'KP/7' },
      { action: `${till}/payments` },
    );
    expect(paid.status).toBe(303);
    const active = await centre.clerkBrowser.get(cardPath).expect(200);
    expect(seen(active.text)).toContain('Stan aktywna');
    await postForm(centre.clerkBrowser, stepForm(active.text, `${cardPath}/transitions`, 'block'));
    const blocked = await centre.clerkBrowser.get(cardPath).expect(200);
    await postForm(centre.clerkBrowser, stepForm(blocked.text, `${cardPath}/transitions`, 'replace'));
    const [old, replacement] = await cardRows(db.current, centre.tenant);
    expect(old!.state).toBe('replaced');
    expect(replacement!.state).toBe('issued');
    expect(replacement!.number).not.toBe(old!.number);
    expect(isValidLuhn(replacement!.number)).toBe(true);
    expect(await chargesOn(db.current, centre.tenant, replacement!.account_id)).toHaveLength(1);
  });

  it('takes no step from another state than the page was shown in (409), and is a 404 for an id that is none', async () => {
    const centre = await sportsCentre(db.current);
    const cardId = await cardIn(centre, 'submitted');
    const cardPath = `/${centre.slug}/admin/cards/${cardId}`;
    const page = await centre.clerkBrowser.get(cardPath).expect(200);
    const reject = stepForm(page.text, `${cardPath}/transitions`, 'reject');
    await postForm(centre.clerkBrowser, stepForm(page.text, `${cardPath}/transitions`, 'return'), {
      reasons: 'Brak podpisu.',
    });
    const late = await postForm(centre.clerkBrowser, reject, { reasons: 'Za późno.' });
    expect(late.status).toBe(409);
    expect(seen(late.text)).toContain('Stan karty zmienił się w międzyczasie');
    expect((await cardRows(db.current, centre.tenant))[0]!.state).toBe('returned');
    await centre.clerkBrowser.get(`/${centre.slug}/admin/cards/${crypto.randomUUID()}`).expect(404);
  });
});

describe('the card types in the settings', () => {
  it('are added by a manager, each mistake said at its field, and are no clerk’s', async () => {
    const centre = await sportsCentre(db.current);
    const dashboard = await centre.managerBrowser.get(`/${centre.slug}/admin/`).expect(200);
    const typesPath = `/${centre.slug}/admin/cards/types`;
    expect(dashboard.text).toContain(`href="${typesPath}"`);
    const page = await centre.managerBrowser.get(typesPath).expect(200);
    expect(seen(page.text)).toContain(
      'Karta Klienta: opłata aktywacyjna 20,00 zł, numery z prefiksem 7701, 12 cyfr, cyfra kontrolna Luhna',
    );
    // Luhn's is chosen unless the manager chooses Damm's.
    const offered = formIn(page.text, typesPath).fields.filter((field) => field.name === 'checkDigit');
    expect(offered.map((field) => [field.value, field.checked])).toEqual([
      ['luhn', true],
      ['damm', false],
    ]);
    const wrong = await postForm(centre.managerBrowser, formIn(page.text, typesPath), {
      name: '',
      code: 'Karta Seniora',
      activationFee: '12,345',
      currency: 'PLN',
      numberPrefix: '77a',
      numberLength: '40',
    });
    expect(wrong.status).toBe(422);
    for (const message of [
      'Wpisz nazwę karty.',
      'Kod to małe litery, cyfry i łączniki (najwyżej 50 znaków).',
      'Prefiks to od 1 do 8 cyfr.',
      'Długość numeru to liczba od 8 do 19.',
    ]) {
      expect(seen(wrong.text)).toContain(message);
    }
    const overlapping = await postForm(
      centre.managerBrowser,
      formIn(page.text, typesPath),
      seniorCard({ numberPrefix: '770' }),
    );
    expect(overlapping.status).toBe(422);
    expect(seen(overlapping.text)).toContain('Ten prefiks pokrywa się z prefiksem innego rodzaju karty.');
    const noScheme = await postForged(
      centre.managerBrowser,
      typesPath,
      typesPath,
      seniorCard({ checkDigit: 'verhoeff' }),
    );
    expect(noScheme.status).toBe(422);
    expect(seen(noScheme.text)).toContain('Wybierz cyfrę kontrolną.');
    const added = await postForm(
      centre.managerBrowser,
      formIn(page.text, typesPath),
      seniorCard({ checkDigit: 'damm' }),
    );
    expect(added.status).toBe(303);
    const list = await centre.managerBrowser.get(String(added.headers.location)).expect(200);
    expect(seen(list.text)).toContain(
      'Karta Seniora: opłata aktywacyjna 10,00 zł, numery z prefiksem 7702, 12 cyfr, cyfra kontrolna Damma',
    );
    const cards = await centre.browser.get(`/${centre.slug}/cards`).expect(200);
    expect(seen(cards.text)).toContain('Karta Seniora: nie złożono wniosku');
    await centre.clerkBrowser.get(typesPath).expect(403);
  });

  it('has its name and fee changed by a manager, audited', async () => {
    const centre = await sportsCentre(db.current);
    const typePath = `/${centre.slug}/admin/cards/types/${centre.cardType.id}`;
    const saved = await submitForm(centre.managerBrowser, typePath, { activationFee: '25,00' });
    expect(saved.status).toBe(303);
    const apply = await centre.browser.get(`/${centre.slug}/cards/karta-klienta`).expect(200);
    expect(seen(apply.text)).toContain('Opłata aktywacyjna wynosi 25,00 zł');
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: centre.cardType.id }).pluck('action'),
    );
    expect(audited).toEqual(['cards.type_changed']);
  });

  it('numbers a type’s cards with the check digit chosen when it was added, which stays', async () => {
    const centre = await sportsCentre(db.current);
    const typesPath = `/${centre.slug}/admin/cards/types`;
    const added = await submitForm(
      centre.managerBrowser,
      typesPath,
      seniorCard({ numberPrefix: '7703', checkDigit: 'damm' }),
    );
    expect(added.status).toBe(303);
    const [typeId] = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'card_types').where({ code: 'karta-seniora' }).pluck('id'),
    );
    const audited = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ subject_id: typeId }).first('action', 'changes'),
    );
    expect(audited).toMatchObject({ action: 'cards.type_created', changes: { checkDigit: [null, 'damm'] } });

    // Its page shows the scheme and offers no way to change it; a forged field changes nothing.
    const typePath = `${typesPath}/${typeId as string}`;
    const page = await centre.managerBrowser.get(typePath).expect(200);
    expect(seen(page.text)).toContain('Numery: prefiks 7703, 12 cyfr z cyfrą kontrolną Damma.');
    expect(seen(page.text)).toContain('Kodu, formatu numerów i cyfry kontrolnej nie można zmienić');
    expect(formIn(page.text, typePath).fields.map((field) => field.name)).toEqual(['_csrf', 'name', 'activationFee']);
    const forged = await postForged(centre.managerBrowser, typePath, typePath, {
      name: 'Karta Seniora',
      activationFee: '10,00',
      checkDigit: 'luhn',
    });
    expect(forged.status).toBe(303);
    const scheme = () =>
      withTenant(db.current.app, centre.tenant.id, (trx) =>
        tenantRows(trx, 'card_types').where({ id: typeId }).first('check_digit'),
      );
    expect(await scheme()).toEqual({ check_digit: 'damm' });
    // Nor may the app change it behind the page: the numbers issued carry it.
    await expect(
      withTenant(db.current.app, centre.tenant.id, (trx) =>
        tenantRows(trx, 'card_types').where({ id: typeId }).update({ check_digit: 'luhn' }),
      ),
    ).rejects.toThrow(/permission denied/);

    // A client applies online: the number's check digit is Damm's, and the counter finds the holder by it.
    const cardPath = `/${centre.slug}/cards/karta-seniora`;
    const applied = await submitForm(centre.browser, cardPath, {}, { action: `${cardPath}/application` });
    expect(applied.status).toBe(303);
    const [card] = await cardRows(db.current, centre.tenant);
    expect(card!.number).toMatch(/^7703[0-9]{8}$/);
    // Valid in Damm's scheme and not in Luhn's, so only Damm's makes the search recognise it.
    expect([isValidDamm(card!.number), isValidLuhn(card!.number)]).toEqual([true, false]);
    const found = await submitForm(centre.clerkBrowser, `/${centre.slug}/admin/clients`, { q: card!.number });
    expect(found.text).toContain(`href="/${centre.slug}/admin/clients/${centre.client.id}"`);
  });
});
