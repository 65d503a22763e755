// Replacing a personal city card (issue #23, source 001): its holder blocks the lost card online
// (on the hot list at once), a clerk replaces it at the counter, and the holder gets a new card of
// the type for the same holder (the PESEL sealed anew to the new card, the application copied and
// submitted again) that goes through the workflow; the old card's valid tickets and e-purse
// balance move to it as pending loads, which wait for its number and are then exported with the
// old card's number, and its handover needs no first load of its own.
import { describe, expect, it } from 'vitest';
import { holderPeselContext } from '../../src/features/cards/city/holder-pesel.ts';
import { insertLoad } from '../../src/features/cards/city/ticketing/loads.repo.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { clock, stepForm } from './cards-support.ts';
import {
  cardPath,
  cardRow,
  CHECKED,
  cityOperator,
  HANDOVER,
  handOver,
  holderPesel,
  loadRows,
  nationalIds,
  periodTicket,
  readyForPickup,
  stepsByClerk,
  submittedCard,
} from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

describe('the replacement of a city card', () => {
  it('blocks the old card, starts a new one for the same holder and moves what it carried as pending loads', async () => {
    clock.set(new Date('2027-02-01T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const pesel = holderPesel();
    const oldId = await submittedCard(db.current, centre, pesel);
    await readyForPickup(db.current, centre, oldId);
    expect((await handOver(centre, oldId, { ...HANDOVER, topUp: '15,00' })).status).toBe(303);
    // Tickets the portal recorded on the card: one still valid, one that ended yesterday.
    const { id: passTypeId } = await periodTicket(db.current, centre);
    await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      const ticket = (name: string, validFrom: string, validUntil: string) =>
        insertLoad(trx, {
          card: { cardId: oldId },
          kind: 'ticket',
          origin: 'handover',
          amount: 11_000,
          currency: 'PLN',
          ticket: { passTypeId, name, validFrom, validUntil },
          movedFromCardId: null,
          createdAt: clock.now(),
        });
      await ticket('Bilet miesięczny', '2027-01-20', '2027-02-18');
      await ticket('Bilet tygodniowy', '2027-01-25', '2027-01-31');
    });
    const old = await cardRow(db.current, centre, oldId);

    const ownPage = `/${centre.slug}/cards/karta-miejska/applications/${oldId}`;
    const own = await centre.browser.get(ownPage).expect(200);
    expect((await postForm(centre.browser, formIn(own.text, `${ownPage}/block`))).status).toBe(303);
    const hot = await centre.managerBrowser.get(`/${centre.slug}/admin/cards/ticketing/hot-list.csv`).expect(200);
    expect(hot.text).toContain(`${old!.number},`);

    const path = cardPath(centre, oldId);
    const page = await centre.clerkBrowser.get(path).expect(200);
    const replaced = await postForm(centre.clerkBrowser, stepForm(page.text, `${path}/transitions`, 'replace'));
    expect(replaced.status).toBe(303);
    expect(await cardRow(db.current, centre, oldId)).toMatchObject({ state: 'replaced' });

    const fresh = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      const card = await tenantRows(trx, 'cards')
        .where({ client_id: centre.client.id })
        .whereNot({ id: oldId })
        .first('id', 'state', 'number', 'holder_pesel_sealed', 'holder_pesel_index');
      const applications = await tenantRows(trx, 'city_card_applications')
        .whereIn('card_id', [oldId, card.id])
        .select('card_id', 'reference', 'id_document_number', 'photo_upload_id', 'submitted_at');
      return { card, applications };
    });
    expect(fresh.card).toMatchObject({ state: 'submitted', number: null });
    expect(fresh.card.holder_pesel_index).toEqual(old!.holder_pesel_index);
    const context = holderPeselContext(centre.tenant.id, fresh.card.id);
    expect(nationalIds.open(fresh.card.holder_pesel_sealed, context)).toBe(pesel);
    const [before, after] = [oldId, fresh.card.id].map((id) => fresh.applications.find((row) => row.card_id === id)!);
    expect(after).toMatchObject({
      id_document_number: before!.id_document_number,
      photo_upload_id: before!.photo_upload_id,
    });
    expect(after!.reference).not.toBe(before!.reference);
    expect(after!.submitted_at).toEqual(clock.now());

    const moved = (await loadRows(db.current, centre)).filter((load) => load.card_id === fresh.card.id);
    expect(moved).toEqual([
      expect.objectContaining({ kind: 'balance', origin: 'replacement', amount: '1500', moved_from_card_id: oldId }),
      expect.objectContaining({
        kind: 'ticket',
        amount: '11000',
        ticket_name: 'Bilet miesięczny',
        moved_from_card_id: oldId,
      }),
    ]);

    // No number yet: the moved loads wait, and are exported once the new card is produced.
    const ticketing = `/${centre.slug}/admin/cards/ticketing`;
    expect(seen((await centre.managerBrowser.get(ticketing).expect(200)).text)).toContain(
      'Jeszcze 2 doładowania czekają, aż nowe karty dostaną numery.',
    );
    await stepsByClerk(db.current, centre, fresh.card.id, ['approve', 'produce']);
    const { number } = (await cardRow(db.current, centre, fresh.card.id))!;
    const file = await centre.managerBrowser.get(`${ticketing}/pending-loads.csv`).expect(200);
    expect(file.text).toContain(`,${number},balance,15.00,PLN,,,,replacement,${old!.number},`);
    expect(file.text).toContain(`,${number},ticket,110.00,PLN,Bilet miesięczny,2027-01-20,2027-02-18,replacement,`);

    // Its handover: the identity and the confirmation as always, and no first load needed.
    await stepsByClerk(db.current, centre, fresh.card.id, ['deliver']);
    expect((await handOver(centre, fresh.card.id, { ...CHECKED, load: 'none' })).status).toBe(303);
    expect(await cardRow(db.current, centre, fresh.card.id)).toMatchObject({ state: 'active', account_id: null });
  });
});
