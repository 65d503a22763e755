// Season passes online (issue #22): a client with an active Client Card buys a pass of the
// centre's catalogue from the card's page, sees it to pay with its charge on the card's account,
// pays online (the test provider) and sees it valid from that day for its days, counted in
// calendar days in Warsaw across the change to summer time. No pass without an active card
// (issued, or blocked from an old tab); the reduced price only with an entitlement a clerk
// recorded, and of the last reduced-price pass two buyers at once get one; an unpaid pass is
// cancelled with its charge reversed; another client's pass is a 404.
import { afterEach, describe, expect, it } from 'vitest';
import { balanceAsOf } from '../../src/features/money/index.ts';
import { insertEntitlement } from '../../src/features/cards/passes/entitlements.repo.ts';
import { recordEntry } from '../../src/features/cards/passes/pass-steps.ts';
import { insertPassType } from '../../src/features/cards/passes/pass-types.repo.ts';
import { passById } from '../../src/features/cards/passes/passes.repo.ts';
import type { PassType } from '../../src/features/cards/passes/passes.types.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient, TEST_PASSWORD } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formsIn, postForged, postForm, type PageForm } from '../support/forms.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';
import {
  applyOnline,
  cardPage,
  cardRows,
  chargesOn,
  clock,
  payCardOnline,
  sportsCentre,
  type SportsCentre,
} from './cards-support.ts';
import { passRowsOf } from './passes-support.ts';

const db = useTestDatabase();
const START = clock.now();
afterEach(() => clock.set(START));

/** The page's text as read: visibleText leaves a space where an element ends before a colon. */
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

type PassTerms = Omit<PassType, 'id' | 'cardTypeId'>;

/** 30 days at the pool, 120,00 zł; 60,00 zł for pupils and students. */
const POOL: PassTerms = {
  code: 'basen-30-dni',
  name: 'Basen 30 dni',
  facility: 'Pływalnia',
  price: 12_000,
  reducedPrice: 6_000,
  reducedFor: 'student',
  reducedLeft: null,
  validityDays: 30,
  entries: null,
  onSale: true,
};
/** Two entries at the gym within 90 days, 40,00 zł. */
const GYM: PassTerms = {
  code: 'silownia-2-wejscia',
  name: 'Siłownia 2 wejścia',
  facility: 'Siłownia',
  price: 4_000,
  reducedPrice: null,
  reducedFor: null,
  reducedLeft: null,
  validityDays: 90,
  entries: 2,
  onSale: true,
};

function addPassTypes(centre: SportsCentre, ...types: PassTerms[]) {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    for (const type of types) await insertPassType(trx, { ...type, cardTypeId: centre.cardType.id });
  });
}

/** The client's card applied for and its fee paid online: active. */
async function activeCard(centre: SportsCentre, browser: Agent = centre.browser) {
  await applyOnline(centre, browser);
  const card = (await cardRows(db.current, centre.tenant)).at(-1)!;
  await payCardOnline(db.current, centre, card.account_id, browser);
  return card;
}

/** Another client of the centre, signed in in a browser of their own. */
async function anotherClient(centre: SportsCentre) {
  const client = await createActiveClient(db.current.app, centre.tenant.id);
  const browser = newAgent(centre.app);
  await signInAs(browser, centre.slug, client);
  return { client, browser };
}

/** The page's form buying the pass type (its hidden field names it). */
function buyForm(html: string, passType: string): PageForm {
  const form = formsIn(html).find((candidate) =>
    candidate.fields.some((field) => field.name === 'passType' && field.value === passType),
  );
  if (!form) throw new Error(`no form on the page buys ${passType}`);
  return form;
}

/** A form's key as a forged form would make one up. */
const FORGED_KEY = 'forged-purchase-key-0001';

const passRows = (centre: SportsCentre) => passRowsOf(db.current.app, centre.tenant);

function reducedLeft(centre: SportsCentre, code: string) {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    const row = await tenantRows(trx, 'pass_types').where({ code }).first('reduced_left');
    return (row as { reduced_left: number | null }).reduced_left;
  });
}

/** A clerk records the client's entitlement at the counter. */
function recordEntitlement(centre: SportsCentre, clientId: string, validUntil: string) {
  return withTenant(db.current.app, centre.tenant.id, (trx) =>
    insertEntitlement(trx, { clientId, kind: 'student', validUntil, staffId: centre.clerk.id, now: clock.now() }),
  );
}

async function buy(
  centre: SportsCentre,
  passType: string,
  fill: Record<string, string> = {},
  browser = centre.browser,
) {
  const page = await browser.get(cardPage(centre)).expect(200);
  return postForm(browser, buyForm(page.text, passType), fill);
}

describe('season passes online', () => {
  it('are bought from the card page unpaid, charged to the card, and valid from the day they are paid', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL, GYM);
    const card = await activeCard(centre);
    const before = await centre.browser.get(cardPage(centre)).expect(200);
    const offered = seen(before.text);
    expect(offered).toContain('Na tej karcie nie ma jeszcze żadnego karnetu.');
    expect(offered).toContain(
      'Basen 30 dni Obiekt Pływalnia Ważność 30 dni od dnia zapłaty Liczba wejść bez limitu Cena 120,00 zł',
    );
    expect(offered).toContain(
      'Cena ulgowa (uczniowie i studenci) wymaga uprawnienia wpisanego w punkcie obsługi klienta.',
    );
    expect(offered).not.toContain('60,00 zł');
    expect(offered).toContain('Siłownia 2 wejścia Obiekt Siłownia Ważność 90 dni od dnia zapłaty Liczba wejść 2');
    const form = buyForm(before.text, POOL.code);
    expect(form.fields.map((field) => [field.name, field.type, field.value])).toEqual([
      ['_csrf', 'hidden', expect.any(String)],
      ['passType', 'hidden', POOL.code],
      ['key', 'hidden', expect.stringMatching(new RegExp(`^[A-Za-z0-9_-]{32}-${POOL.code}$`))],
      ['price', 'hidden', 'full'],
    ]);

    const bought = await postForm(centre.browser, form);
    expect([bought.status, bought.headers.location]).toEqual([303, `${cardPage(centre)}?done=passBought`]);
    // The same form sent again (a double click, the back button): still one pass, one charge.
    const again = await postForm(centre.browser, form);
    expect([again.status, again.headers.location]).toEqual([303, `${cardPage(centre)}?done=passBought`]);
    expect(await passRows(centre)).toHaveLength(1);
    const unpaid = await centre.browser.get(String(bought.headers.location)).expect(200);
    const text = seen(unpaid.text);
    expect(text).toContain('Karnet został kupiony. Będzie ważny od dnia, w którym za niego zapłacisz.');
    expect(text).toContain(
      'Basen 30 dni (Pływalnia) Cena 120,00 zł (cena normalna) Stan do zapłaty: karnet będzie ważny od dnia zapłaty',
    );
    expect(text).toContain('Do zapłaty: 120,00 zł.');
    expect(text).toContain('Opłata: Basen 30 dni');
    expect(unpaid.text).toContain(`href="/${centre.slug}/account/payments/new?account=${card.account_id}"`);
    const [pass] = await passRows(centre);
    expect(pass).toMatchObject({ card_id: card.id, state: 'unpaid', price: '12000', reduced: false, valid_from: null });
    expect(await chargesOn(db.current, centre.tenant, card.account_id)).toContainEqual({
      amount: '12000',
      title: 'Basen 30 dni',
    });
    const cancel = formsIn(unpaid.text).find((candidate) =>
      candidate.action.endsWith(`/passes/${pass!.id}/cancellation`),
    );
    expect(cancel).toBeDefined();

    await payCardOnline(db.current, centre, card.account_id);
    const paid = seen((await centre.browser.get(cardPage(centre)).expect(200)).text);
    expect(paid).toContain(
      'Basen 30 dni (Pływalnia) Cena 120,00 zł (cena normalna) Stan ważny od 15 grudnia 2026 do 13 stycznia 2027',
    );
    expect(paid).not.toContain('Do zapłaty');
    expect((await passRows(centre))[0]).toMatchObject({
      state: 'valid',
      valid_from: '2026-12-15',
      valid_until: '2027-01-13',
    });
    // The cancel button of a tab opened before it was paid: too late, the pass stays valid.
    const late = await postForm(centre.browser, cancel!);
    expect(late.status).toBe(409);
    expect(seen(late.text)).toContain(
      'Tego karnetu nie można już anulować: został w międzyczasie opłacony lub anulowany.',
    );
    expect((await passRows(centre))[0]!.state).toBe('valid');
  });

  it('shows the entries left and the recent entries, then a pass used up, and one expired', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, GYM, POOL);
    const card = await activeCard(centre);
    expect((await buy(centre, GYM.code)).status).toBe(303);
    expect((await buy(centre, POOL.code)).status).toBe(303);
    await payCardOnline(db.current, centre, card.account_id);
    const gym = (await passRows(centre)).find((pass) => pass.price === '4000') as { id: string };
    const enter = (at: string) => {
      clock.set(new Date(at));
      return withTenant(db.current.app, centre.tenant.id, async (trx) => {
        const pass = (await passById(trx, gym.id))!;
        const actor = { kind: 'staff' as const, staffId: centre.clerk.id, role: 'clerk' as const };
        return recordEntry(
          trx,
          { clock },
          { tenant: centre.tenant, actor, requestId: 'test' },
          { cardId: card.id, pass },
        );
      });
    };
    /** The card's page a day or more later: signed in anew, the session having ended meanwhile. */
    const pageLater = async () => {
      await signInAs(centre.browser, centre.slug, { email: centre.client.email, password: TEST_PASSWORD });
      return seen((await centre.browser.get(cardPage(centre)).expect(200)).text);
    };
    expect(await enter('2026-12-16T16:45:00Z')).toEqual({ kind: 'entered', entriesLeft: 1 });
    expect(await pageLater()).toContain(
      'Siłownia 2 wejścia (Siłownia) Cena 40,00 zł (cena normalna) Stan ważny od 15 grudnia 2026 do 14 marca 2027; pozostało wejść: 1 Ostatnie wejścia 16 grudnia 2026 17:45',
    );
    expect(await enter('2026-12-18T08:00:00Z')).toEqual({ kind: 'entered', entriesLeft: 0 });
    expect(await pageLater()).toContain(
      'Stan wykorzystany: nie pozostało żadne wejście Ostatnie wejścia 18 grudnia 2026 09:00 16 grudnia 2026 17:45',
    );
    clock.set(new Date('2027-01-14T08:00:00Z'));
    expect(await pageLater()).toContain(
      'Basen 30 dni (Pływalnia) Cena 120,00 zł (cena normalna) Stan wygasł: był ważny do 13 stycznia 2027 Ostatnie wejścia brak',
    );
  });

  it('is valid for its calendar days in Warsaw when bought just before the change to summer time', async () => {
    // 23:30 on Saturday 27 March 2027 in Warsaw; the clocks go forward that night.
    clock.set(new Date('2027-03-27T22:30:00Z'));
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    const card = await activeCard(centre);
    expect((await buy(centre, POOL.code)).status).toBe(303);
    await payCardOnline(db.current, centre, card.account_id);
    expect((await passRows(centre))[0]).toMatchObject({ valid_from: '2027-03-27', valid_until: '2027-04-25' });
    const page = seen((await centre.browser.get(cardPage(centre)).expect(200)).text);
    expect(page).toContain('ważny od 27 marca 2027 do 25 kwietnia 2027');
  });

  it('buys one pass for a form sent twice at once', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    const card = await activeCard(centre);
    const form = buyForm((await centre.browser.get(cardPage(centre)).expect(200)).text, POOL.code);
    const both = await Promise.all([postForm(centre.browser, form), postForm(centre.browser, form)]);
    expect(both.map((response) => response.status)).toEqual([303, 303]);
    expect(await passRows(centre)).toHaveLength(1);
    expect(await chargesOn(db.current, centre.tenant, card.account_id)).toHaveLength(2);
  });

  it('needs an active card: an issued one is offered nothing and refused, nothing charged', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    const none = await postForged(centre.browser, cardPage(centre), `${cardPage(centre)}/passes`, {
      passType: POOL.code,
      price: 'full',
      key: FORGED_KEY,
    });
    expect(none.status).toBe(409);
    expect(seen(none.text)).toContain('Karnet można kupić tylko na aktywną kartę.');
    const issued = await applyOnline(centre);
    const text = seen(issued.text);
    expect(text).toContain('Kup karnet Karnet można kupić tylko na aktywną kartę. Basen 30 dni');
    expect(() => buyForm(issued.text, POOL.code)).toThrow();
    const refused = await postForged(centre.browser, cardPage(centre), `${cardPage(centre)}/passes`, {
      passType: POOL.code,
      price: 'full',
      key: FORGED_KEY,
    });
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain('Karnet można kupić tylko na aktywną kartę.');
    const [card] = await cardRows(db.current, centre.tenant);
    expect(await passRows(centre)).toEqual([]);
    expect(await chargesOn(db.current, centre.tenant, card!.account_id)).toHaveLength(1);
  });

  it('is refused at once on a card blocked since the page was opened', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    const card = await activeCard(centre);
    const page = await centre.browser.get(cardPage(centre)).expect(200);
    const form = buyForm(page.text, POOL.code);
    const blocked = await postForm(
      centre.browser,
      formsIn(page.text).find((f) => f.action.endsWith('/block'))!,
    );
    expect(blocked.status).toBe(303);
    const refused = await postForm(centre.browser, form);
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain('Karnet można kupić tylko na aktywną kartę.');
    expect(await passRows(centre)).toEqual([]);
    expect(await chargesOn(db.current, centre.tenant, card.account_id)).toHaveLength(1);
  });

  it('offers the reduced price only with an entitlement recorded and valid today, and refuses a forged one', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    const card = await activeCard(centre);
    const forged = await postForged(centre.browser, cardPage(centre), `${cardPage(centre)}/passes`, {
      passType: POOL.code,
      price: 'reduced',
      key: FORGED_KEY,
    });
    expect(forged.status).toBe(422);
    expect(seen(forged.text)).toContain(
      'Cenę ulgową można wybrać tylko z uprawnieniem wpisanym w punkcie obsługi klienta i ważnym dziś.',
    );
    // One that ended yesterday counts for nothing.
    await recordEntitlement(centre, centre.client.id, '2026-12-14');
    const expired = await centre.browser.get(cardPage(centre)).expect(200);
    expect(buyForm(expired.text, POOL.code).fields.find((field) => field.name === 'price')!.type).toBe('hidden');
    expect(await passRows(centre)).toEqual([]);
    expect(await chargesOn(db.current, centre.tenant, card.account_id)).toHaveLength(1);

    // Recorded again a minute later, as a clerk puts an error right: the latest counts.
    clock.advance(60_000);
    await recordEntitlement(centre, centre.client.id, '2027-06-30');
    const entitled = await centre.browser.get(cardPage(centre)).expect(200);
    expect(seen(entitled.text)).toContain('Cena 120,00 zł Cena ulgowa (uczniowie i studenci) 60,00 zł');
    expect(seen(entitled.text)).toContain('Cena ulgowa: 60,00 zł normalna: 120,00 zł');
    const prices = buyForm(entitled.text, POOL.code).fields.filter((field) => field.name === 'price');
    expect(prices.map((field) => [field.type, field.value, field.checked])).toEqual([
      ['radio', 'reduced', true],
      ['radio', 'full', false],
    ]);
    expect((await postForm(centre.browser, buyForm(entitled.text, POOL.code))).status).toBe(303);
    expect(await passRows(centre)).toMatchObject([{ price: '6000', reduced: true, state: 'unpaid' }]);
    const after = seen((await centre.browser.get(cardPage(centre)).expect(200)).text);
    expect(after).toContain('Basen 30 dni (Pływalnia) Cena 60,00 zł (cena ulgowa)');
  });

  it('sells the last reduced-price pass to one of two clients buying it at once', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, { ...POOL, reducedLeft: 1 });
    const other = await anotherClient(centre);
    await activeCard(centre);
    await activeCard(centre, other.browser);
    await recordEntitlement(centre, centre.client.id, '2027-06-30');
    await recordEntitlement(centre, other.client.id, '2027-06-30');
    const [mine, theirs] = await Promise.all(
      [centre.browser, other.browser].map(async (browser) => {
        const page = await browser.get(cardPage(centre)).expect(200);
        return buyForm(page.text, POOL.code);
      }),
    );
    const answers = await Promise.all([
      postForm(centre.browser, mine!, { price: 'reduced' }),
      postForm(other.browser, theirs!, { price: 'reduced' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(seen(refused.text)).toContain('Karnety w cenie ulgowej zostały wyprzedane.');
    expect(await passRows(centre)).toMatchObject([{ reduced: true, price: '6000' }]);
    expect(await reducedLeft(centre, POOL.code)).toBe(0);
    // Each card's account: the fee and, for the one who got it, the pass.
    const charges = await Promise.all(
      (await cardRows(db.current, centre.tenant)).map((card) => chargesOn(db.current, centre.tenant, card.account_id)),
    );
    expect(charges.map((list) => list.length).sort()).toEqual([1, 2]);
  });

  it('cancels an unpaid pass: its charge reversed, a reduced one back on sale', async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, { ...POOL, reducedLeft: 1 });
    const card = await activeCard(centre);
    await recordEntitlement(centre, centre.client.id, '2027-06-30');
    expect((await buy(centre, POOL.code)).status).toBe(303);
    expect(await reducedLeft(centre, POOL.code)).toBe(0);
    const balance = () =>
      withTenant(db.current.app, centre.tenant.id, (trx) => balanceAsOf(trx, card.account_id, '2099-12-31'));
    expect(await balance()).toBe(6_000);
    const page = await centre.browser.get(cardPage(centre)).expect(200);
    expect(seen(page.text)).toContain('Karnety w cenie ulgowej (uczniowie i studenci) zostały wyprzedane.');
    const [pass] = await passRows(centre);
    const cancel = formsIn(page.text).find((form) => form.action.endsWith(`/passes/${pass!.id}/cancellation`))!;
    expect(page.text).toContain('Anuluj zakup karnetu „Basen 30 dni”');

    const cancelled = await postForm(centre.browser, cancel);
    expect([cancelled.status, cancelled.headers.location]).toEqual([303, `${cardPage(centre)}?done=passCancelled`]);
    const after = seen((await centre.browser.get(String(cancelled.headers.location)).expect(200)).text);
    expect(after).toContain('Zakup karnetu został anulowany, a jego opłata wycofana.');
    expect(after).toContain('Basen 30 dni (Pływalnia) Cena 60,00 zł (cena ulgowa) Stan anulowany');
    expect(after).toContain('Korekta: Anulowanie zakupu nieopłaconego karnetu');
    expect(after).not.toContain('Do zapłaty');
    expect(await balance()).toBe(0);
    expect((await passRows(centre))[0]!.state).toBe('cancelled');
    expect(await reducedLeft(centre, POOL.code)).toBe(1);
    expect(after).toContain('Cena ulgowa (uczniowie i studenci) 60,00 zł');
  });

  it("is a 404 for another client's pass, another tenant's, and an id that is none", async () => {
    const centre = await sportsCentre(db.current);
    await addPassTypes(centre, POOL);
    await activeCard(centre);
    expect((await buy(centre, POOL.code)).status).toBe(303);
    const [pass] = await passRows(centre);
    const cancellation = (id: string, at: string = centre.slug) =>
      `/${at}/cards/karta-klienta/passes/${id}/cancellation`;
    const other = await anotherClient(centre);
    await activeCard(centre, other.browser);
    const theirs = await postForged(other.browser, cardPage(centre), cancellation(pass!.id), {});
    expect(theirs.status).toBe(404);
    const elsewhere = await sportsCentre(db.current);
    await addPassTypes(elsewhere, POOL);
    await activeCard(elsewhere);
    const abroad = await postForged(elsewhere.browser, cardPage(elsewhere), cancellation(pass!.id, elsewhere.slug), {});
    expect(abroad.status).toBe(404);
    const notAnId = await postForged(centre.browser, cardPage(centre), cancellation('not-an-id'), {});
    expect(notAnId.status).toBe(404);
    expect((await passRows(centre))[0]!.state).toBe('unpaid');
  });
});
