// A city card holder's change of data completed at the counter (issue #23): the clerk sees the open
// request on the card's page, types the identity document's number again and ticks that the card
// was presented. A new address or discount changes the application, nothing is charged and the
// card stays; a new name (printed on the card) costs the new card's 10,00 zł deposit, held as a
// liability, and replaces the old card (on the hot list) by a new one for the same holder with the
// new name, the old card's loads moved to it. A wrong number or no card presented changes nothing.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { minimalPdf } from '../support/upload-files.ts';
import { clock } from './cards-support.ts';
import { postWithFile } from './city-apply-support.ts';
import { activeCard, applicationRow, cardPath, changeRows, ownPage } from './city-changes-support.ts';
import { cardRow, cityOperator, entriesOf, loadRows } from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
const COMPLETE = { documentNumber: 'abc 123-456', cardPresented: true };

async function activeAtCounter() {
  clock.set(new Date('2027-02-01T09:00:00Z'));
  const centre = await cityOperator(db.current);
  const cardId = await activeCard(db.current, centre);
  return { centre, cardId, path: cardPath(centre, cardId) };
}

describe('a change of data completed at the counter', () => {
  it('refuses a wrong document number or no card presented, then changes the address: no new card, no charge', async () => {
    const { centre, cardId, path } = await activeAtCounter();
    const page = (await centre.clerkBrowser.get(path).expect(200)).text;
    const address = { street: 'ul. Polna 2', postalCode: '65-002', city: 'Nowa Sól' };
    expect((await postForm(centre.clerkBrowser, formIn(page, `${path}/changes/address`), address)).status).toBe(303);
    expect(await changeRows(db.current, centre, cardId)).toEqual([
      expect.objectContaining({ kind: 'address', requested_by_role: 'staff' }),
    ]);
    const open = (await centre.clerkBrowser.get(path).expect(200)).text;
    expect(seen(open)).toContain('Wniosek o zmianę czeka na dokończenie: Zmiana adresu');
    const form = () => formIn(open, `${path}/changes/complete`);

    const wrong = await postForm(centre.clerkBrowser, form(), { ...COMPLETE, documentNumber: 'XYZ999999' });
    expect(wrong.status).toBe(422);
    expect(seen(wrong.text)).toContain('Wpisany numer nie jest numerem dokumentu podanym we wniosku.');
    const unpresented = await postForm(centre.clerkBrowser, form(), { ...COMPLETE, cardPresented: false });
    expect(unpresented.status).toBe(422);
    expect(seen(unpresented.text)).toContain('Potwierdź, że posiadacz okazał kartę.');
    expect(await applicationRow(db.current, centre, cardId)).toMatchObject({ street: 'ul. Lipowa 1' });
    expect((await changeRows(db.current, centre, cardId))[0]!.completed_at).toBeNull();

    const done = await postForm(centre.clerkBrowser, form(), COMPLETE);
    expect(done.status).toBe(303);
    expect(seen((await centre.clerkBrowser.get(done.headers.location!).expect(200)).text)).toContain(
      'Zmiana została zapisana.',
    );
    expect(await applicationRow(db.current, centre, cardId)).toMatchObject({
      street: 'ul. Polna 2',
      postal_code: '65-002',
      city: 'Nowa Sól',
    });
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'active' });
    expect(await changeRows(db.current, centre, cardId)).toEqual([
      expect.objectContaining({ completed_at: clock.now(), completed_by: centre.clerk.id, new_card_id: null }),
    ]);
    const cards = await withTenant(db.current.app, centre.tenant.id, (trx) => tenantRows(trx, 'cards').select('id'));
    expect(cards).toHaveLength(1);
    const deposits = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'money_accounts').where({ kind: 'deposit' }).select('id'),
    );
    expect(deposits).toEqual([]);
  });

  it('changes the discount asked for online, with its proof', async () => {
    const { centre, cardId, path } = await activeAtCounter();
    const own = ownPage(centre, cardId);
    const form = formIn((await centre.browser.get(own).expect(200)).text, `${own}/changes/discount`);
    const proof = { content: minimalPdf(), fileName: 'legitymacja.pdf', type: 'application/pdf' };
    const claim = { discountKind: 'senior', validUntil: '2028-01-31' };
    expect((await postWithFile(centre.browser, form, 'proof', proof, claim)).status).toBe(303);
    const [requested] = await changeRows(db.current, centre, cardId);

    const open = (await centre.clerkBrowser.get(path).expect(200)).text;
    const done = await postForm(centre.clerkBrowser, formIn(open, `${path}/changes/complete`), COMPLETE);
    expect(done.status).toBe(303);
    expect(await applicationRow(db.current, centre, cardId)).toMatchObject({
      discount_kind: 'senior',
      discount_valid_until: '2028-01-31',
      proof_upload_id: requested!.proof_upload_id,
    });
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'active' });
    expect(seen((await centre.browser.get(own).expect(200)).text)).not.toContain('czeka na dokończenie');
  });

  it('replaces the card for a new name: the deposit held as a liability, the loads moved', async () => {
    const { centre, cardId, path } = await activeAtCounter();
    const old = await cardRow(db.current, centre, cardId);
    const own = ownPage(centre, cardId);
    const ownForm = formIn((await centre.browser.get(own).expect(200)).text, `${own}/changes/name`);
    const name = { firstName: 'Ola', lastName: 'Kowalska' };
    expect((await postForm(centre.browser, ownForm, name)).status).toBe(303);

    const open = (await centre.clerkBrowser.get(path).expect(200)).text;
    expect(seen(open)).toContain('Nowa karta: kaucja 10,00 zł płatna w kasie.');
    const form = formIn(open, `${path}/changes/complete`);
    const unpaid = await postForm(centre.clerkBrowser, form, COMPLETE);
    expect(unpaid.status).toBe(422);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'active' });

    const done = await postForm(centre.clerkBrowser, form, { ...COMPLETE, source: 'cash', receiptNumber: 'KP/Z/1' });
    expect(done.status).toBe(303);
    const [change] = await changeRows(db.current, centre, cardId);
    const newId = change!.new_card_id as string;
    expect(done.headers.location).toBe(`${cardPath(centre, newId)}?done=changeNewCard`);
    expect(seen((await centre.clerkBrowser.get(done.headers.location!).expect(200)).text)).toContain(
      'stara karta zastąpiona nową',
    );

    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'replaced' });
    const fresh = await cardRow(db.current, centre, newId);
    expect(fresh).toMatchObject({ state: 'submitted' });
    expect(fresh!.holder_pesel_index).toEqual(old!.holder_pesel_index);
    expect(await applicationRow(db.current, centre, newId)).toMatchObject({
      holder_first_name: 'Ola',
      holder_last_name: 'Kowalska',
      street: 'ul. Lipowa 1',
    });
    expect(await applicationRow(db.current, centre, cardId)).toMatchObject({ holder_last_name: 'Nowak' });

    // The deposit: paid into the new card's deposit account, never charged: held, not income.
    expect(await entriesOf(db.current, centre, change!.deposit_account_id as string)).toEqual([
      { kind: 'payment', amount: -1_000, title: 'Kaucja za kartę miejską', receipt_number: 'KP/Z/1' },
    ]);
    const deposit = seen(
      (await centre.clerkBrowser.get(`/${centre.slug}/admin/accounts/${change!.deposit_account_id}`)).text,
    );
    expect(deposit).toContain('-10,00 zł (kaucja do zwrotu)');

    // The old card is on the hot list; its 10,00 zł top-up waits for the new card.
    const hot = await centre.managerBrowser.get(`/${centre.slug}/admin/cards/ticketing/hot-list.csv`).expect(200);
    expect(hot.text).toContain(`${old!.number},`);
    const moved = (await loadRows(db.current, centre)).filter((load) => load.card_id === newId);
    expect(moved).toEqual([
      expect.objectContaining({ kind: 'balance', origin: 'replacement', amount: '1000', moved_from_card_id: cardId }),
    ]);
  });
});
