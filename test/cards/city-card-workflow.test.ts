// The city transport e-card's workflow (issue #23) on the staff's pages: nothing is the portal's
// to take on its own, so an application submitted online waits for staff; a clerk approves it,
// records its production (which numbers it: no money account, the card is free) and its arrival
// for pickup on the application's review page, and hands it over at the counter with the handover's own form (city/handover/), which
// makes it active; each step is in the card's history and mailed, and the application's page shows the card. A card not
// picked up lapses by the portal alone, and its holder may then be applied for again.
import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { moveCard } from '../../src/features/cards/transitions.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { findForm, formsIn, postForm } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { cardRows, stepForm, type SportsCentre } from './cards-support.ts';
import {
  cardIdOf,
  cityIssuer as issuer,
  fillAdultParts,
  peselBornOn,
  startOnline,
  submit,
} from './city-apply-support.ts';
import { deps, handOver } from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

const cityIssuer = () => issuer(db.current);
const ADULT = peselBornOn('1990-05-14');

/** The client applies online for an adult, fills the application in and submits it: its page and card. */
async function applyAsClient(centre: SportsCentre) {
  const page = await startOnline(centre, { pesel: ADULT });
  await fillAdultParts(centre.browser, page);
  expect((await submit(centre.browser, page)).status).toBe(303);
  const card = await withTenant(
    db.current.app,
    centre.tenant.id,
    async (trx) => (await cardById(trx, cardIdOf(page)))!,
  );
  return { page, card };
}

/** The steps the counter's card page offers. */
const offered = (html: string, action: string) =>
  formsIn(html)
    .filter((form) => form.action === action)
    .map((form) => form.fields.find((field) => field.name === 'transition')?.value);

async function cardMailStates(): Promise<unknown[]> {
  return (await outboxRows(db.current))
    .filter((row) => row.template === 'card-state')
    .map((row) => sealedParamsOf(row).state);
}

describe('the city card', () => {
  it('is reviewed, produced, made ready and handed over at the counter, each step a person’s', async () => {
    const centre = await cityIssuer();
    const started = await applyAsClient(centre);
    const cardId = started.card.id;
    const cardPath = `/${centre.slug}/admin/cards/${cardId}`;
    const reviewPath = `/${centre.slug}/admin/cards/applications/${cardId}`;
    const action = `${cardPath}/transitions`;

    // The review's steps are the review page's; the counter's page links to it.
    let page = await centre.clerkBrowser.get(cardPath).expect(200);
    expect(offered(page.text, action)).toEqual([]);
    expect(page.text).toContain(`href="${reviewPath}"`);
    const steps: [string, string][] = [
      ['approve', 'zatwierdzony'],
      ['produce', 'wyprodukowana'],
      ['deliver', 'gotowa do odbioru'],
    ];
    for (const [step, state] of steps) {
      const review = await centre.clerkBrowser.get(reviewPath).expect(200);
      expect(
        (await postForm(centre.clerkBrowser, stepForm(review.text, `${reviewPath}/transitions`, step))).status,
      ).toBe(303);
      page = await centre.clerkBrowser.get(cardPath).expect(200);
      expect(seen(page.text)).toContain(`Stan ${state}`);
      expect(seen(page.text)).toContain(`${state}, pracownik`);
    }
    // The handover is a form of its own (city/handover/), not the workflow's plain button.
    expect(offered(page.text, action)).toEqual([]);
    expect((await handOver(centre, cardId)).status).toBe(303);
    page = await centre.clerkBrowser.get(cardPath).expect(200);
    expect(seen(page.text)).toContain('aktywna, pracownik');
    expect(seen(page.text)).toContain('Zablokuj');

    const [card] = await cardRows(db.current, centre.tenant);
    expect(card).toMatchObject({ state: 'active' });
    expect(card!.number).toMatch(/^6001[0-9]{12}$/);
    expect(isValidLuhn(card!.number)).toBe(true);
    expect(await cardMailStates()).toEqual(['submitted', 'approved', 'produced', 'ready', 'active']);

    const own = seen((await centre.browser.get(started.page).expect(200)).text);
    expect(own).toContain(`Numer karty ${card!.number}`);
    expect(own).toContain('Stan aktywna: kartą można się posługiwać.');
    expect(own).toContain('Zablokuj kartę');
  });

  it('lapses from ready for pickup by the portal alone, and its holder may then apply again', async () => {
    const centre = await cityIssuer();
    const started = await applyAsClient(centre);
    const cardId = started.card.id;
    await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'cards').where({ id: cardId }).update({ state: 'ready' }),
    );
    const cardPath = `/${centre.slug}/admin/cards/${cardId}`;
    const page = await centre.clerkBrowser.get(cardPath).expect(200);
    expect(offered(page.text, `${cardPath}/transitions`)).toEqual([]);
    expect(findForm(page.text, `${cardPath}/handover`)).toBeDefined();

    const system: ServiceContext = {
      tenant: centre.tenant,
      actor: { kind: 'system', job: 'lapse' },
      requestId: 'lapse',
    };
    const lapsed = await withTenant(db.current.app, centre.tenant.id, async (trx) =>
      moveCard(trx, deps, system, { card: (await cardById(trx, cardId))!, type: centre.cardType, name: 'lapse' }),
    );
    expect(lapsed).toMatchObject({ kind: 'taken', card: { state: 'lapsed' } });
    expect((await cardMailStates()).at(-1)).toBe('lapsed');
    const counter = seen((await centre.clerkBrowser.get(cardPath).expect(200)).text);
    expect(counter).toContain('Stan nieodebrana');
    expect(counter).toContain('nieodebrana, automatycznie');

    const again = await applyAsClient(centre);
    expect(again).toMatchObject({ card: { state: 'submitted' } });
    expect((await cardRows(db.current, centre.tenant)).map((row) => row.state)).toEqual(['lapsed', 'submitted']);
  });
});
