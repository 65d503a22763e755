// City cards sold to the bearer at the counter (issue #23, source 001): no application and no
// holder, a number from the city card type's serial, a refundable deposit of 10,00 zł held as a
// liability (never charged, shown as held, not overpaid), and a first period ticket or top-up of
// at least 20,00 zł, all paid at the till; the top-up of 19,99 zł is refused and nothing is sold.
import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { cardNumber } from '../../src/features/cards/card-number.ts';
import { LedgerError, postCharge } from '../../src/features/money/index.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, type Fill } from '../support/forms.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import { asClerk, cityOperator, entriesOf, loadRows, periodTicket, readyCard } from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

const SALE: Fill = { load: 'top_up', topUp: '20,00', source: 'card', receiptNumber: 'KP/B/1' };

async function sell(centre: SportsCentre, fill: Fill = SALE) {
  const page = `/${centre.slug}/admin/cards/bearer/new`;
  const form = formIn((await centre.clerkBrowser.get(page).expect(200)).text, `/${centre.slug}/admin/cards/bearer`);
  return postForm(centre.clerkBrowser, form, fill);
}

const bearerRows = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'city_bearer_cards').select('id', 'number', 'state', 'account_id', 'deposit_account_id'),
  );

describe('a bearer city card', () => {
  it('refuses a top-up of 19,99 zł and sells one with 20,00 zł, its deposit held as a liability', async () => {
    const centre = await cityOperator(db.current);
    const refused = await sell(centre, { ...SALE, topUp: '19,99' });
    expect(refused.status).toBe(422);
    expect(seen(refused.text)).toContain('Pierwsze doładowanie musi wynosić co najmniej 20,00 zł.');
    expect(await bearerRows(centre)).toEqual([]);

    const sold = await sell(centre);
    expect(sold.status).toBe(303);
    const [card] = await bearerRows(centre);
    expect(card).toMatchObject({ state: 'active' });
    expect(card!.number).toMatch(/^6001[0-9]{12}$/);
    expect(isValidLuhn(card!.number)).toBe(true);
    const page = seen((await centre.clerkBrowser.get(String(sold.headers.location)).expect(200)).text);
    expect(page).toContain(`Karta na okaziciela ${card!.number}`);
    expect(page).toContain('Karta została sprzedana');
    expect(page).toContain('Doładowanie e-portmonetki (przy sprzedaży karty na okaziciela) Kwota 20,00 zł');

    // The deposit: paid in, nothing charged against it, so it is no income: the tenant holds it.
    expect(await entriesOf(db.current, centre, card!.deposit_account_id)).toEqual([
      { kind: 'payment', amount: -1_000, title: 'Kaucja za kartę na okaziciela', receipt_number: 'KP/B/1' },
    ]);
    const deposit = seen(
      (await centre.clerkBrowser.get(`/${centre.slug}/admin/accounts/${card!.deposit_account_id}`)).text,
    );
    expect(deposit).toContain('-10,00 zł (kaucja do zwrotu)');
    expect(deposit).not.toContain('nadpłata');
    const charged = withTenant(db.current.app, centre.tenant.id, (trx) =>
      postCharge(trx, asClerk(centre), {
        accountId: card!.deposit_account_id,
        amount: 100,
        title: 'Opłata',
        bookedOn: '2026-12-15',
        dueOn: '2026-12-15',
      }),
    );
    await expect(charged).rejects.toThrow(LedgerError);
    // The load: sold and paid at the till, pending for the ticketing system.
    expect((await entriesOf(db.current, centre, card!.account_id)).map((entry) => entry.amount)).toEqual([
      2_000, -2_000,
    ]);
    expect(await loadRows(db.current, centre)).toEqual([
      expect.objectContaining({ bearer_card_id: card!.id, kind: 'top_up', origin: 'bearer_sale', amount: '2000' }),
    ]);
  });

  it('takes the next number of the type a personal card would, and sells one with a period ticket', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const ticket = await periodTicket(db.current, centre, 'Bilet miesięczny', 9_900);
    await readyCard(db.current, centre);
    const refused = await sell(centre, { ...SALE, load: 'ticket', topUp: '' });
    expect(refused.status).toBe(422);
    expect(seen(refused.text)).toContain('Wybierz bilet okresowy.');
    expect((await sell(centre, { ...SALE, load: 'ticket', ticket: ticket.code, topUp: '' })).status).toBe(303);
    const [card] = await bearerRows(centre);
    // The personal card produced first took the serial's first number, the bearer card the next.
    expect(card!.number).toBe(cardNumber(centre.cardType, 2));
    expect(await loadRows(db.current, centre)).toEqual([
      expect.objectContaining({ kind: 'ticket', amount: '9900', ticket_name: 'Bilet miesięczny' }),
    ]);
  });

  it('is blocked at the counter once, and is another tenant’s 404', async () => {
    const centre = await cityOperator(db.current);
    const sold = await sell(centre);
    const page = String(sold.headers.location).split('?')[0]!;
    const form = formIn((await centre.clerkBrowser.get(page).expect(200)).text, `${page}/block`);
    const blocked = await postForm(centre.clerkBrowser, form);
    expect(blocked.status).toBe(303);
    expect(seen((await centre.clerkBrowser.get(String(blocked.headers.location))).text)).toContain(
      'Karta została zablokowana; jest na liście zastrzeżonych kart.',
    );
    expect((await postForm(centre.clerkBrowser, form)).headers.location).toContain('done=alreadyBlocked');
    expect(await bearerRows(centre)).toEqual([expect.objectContaining({ state: 'blocked' })]);
    const other = await cityOperator(db.current);
    await other.clerkBrowser.get(page.replace(centre.slug, other.slug)).expect(404);
  });
});
