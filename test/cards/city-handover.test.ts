// Handing a city card over at the counter (issue #23, source 001): the clerk's card page shows the
// pickup window and, for a card ready for pickup, the handover form in place of the plain issue
// button; the identity is checked against the application's document, the written confirmation
// and the photo's return recorded, and the first top-up (10,00 zł at least) or period ticket paid
// at the till through the money core, pending for the ticketing system; all in one transaction,
// so whatever is refused leaves the card, the ledger and the loads as they were.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { findForm, postForged } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { clock } from './cards-support.ts';
import {
  cardPath,
  cardRow,
  cityOperator,
  entriesOf,
  HANDOVER,
  handOver,
  loadRows,
  periodTicket,
  readyCard,
  staffSignInAgain,
  stepsByClerk,
  submittedCard,
} from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

describe('the handover of a city card at the counter', () => {
  it('shows the pickup window and the document, and hands the card over with a 10,00 zł top-up', async () => {
    clock.set(new Date('2026-12-22T10:00:00Z'));
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const page = seen((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(page).toContain('Termin odbioru od 31 grudnia 2026 do 21 stycznia 2027');
    expect(page).toContain('Dokument podany we wniosku: dowód osobisty nr ABC123456.');
    expect(page).not.toContain('Wydaj kartę Zablokuj');

    clock.set(new Date('2027-01-04T09:00:00Z'));
    await staffSignInAgain(db.current, centre);
    const response = await handOver(centre, cardId);
    expect(response.status).toBe(303);
    const after = seen((await centre.clerkBrowser.get(String(response.headers.location)).expect(200)).text);
    expect(after).toContain('Karta została wydana i jest aktywna');
    expect(after).toContain('Stan aktywna');
    expect(after).toContain('Doładowanie e-portmonetki (przy wydaniu karty) Kwota 10,00 zł');
    expect(after).toContain('E-portmonetka doładowana przez portal: 10,00 zł.');
    expect(after).not.toContain('Termin odbioru');

    const card = await cardRow(db.current, centre, cardId);
    expect(card).toMatchObject({ state: 'active' });
    // The card is free: its only charge is the top-up, settled at once by the till's payment.
    expect(await entriesOf(db.current, centre, card!.account_id)).toEqual([
      { kind: 'charge', amount: 1_000, title: 'Doładowanie e-portmonetki', receipt_number: null },
      { kind: 'payment', amount: -1_000, title: 'Wpłata gotówką w okienku', receipt_number: 'KP/2026/1' },
    ]);
    expect(await loadRows(db.current, centre)).toEqual([
      expect.objectContaining({
        card_id: cardId,
        kind: 'top_up',
        origin: 'handover',
        amount: '1000',
        exported_at: null,
      }),
    ]);
    const recorded = await withTenant(db.current.app, centre.tenant.id, async (trx) => ({
      application: await tenantRows(trx, 'city_card_applications')
        .where({ card_id: cardId })
        .first('photo_returned_at'),
      audit: await tenantRows(trx, 'audit_log').where({ subject_id: cardId }).orderBy('occurred_at').pluck('action'),
    }));
    expect(recorded.application.photo_returned_at).toEqual(new Date('2027-01-04T09:00:00Z'));
    expect(recorded.audit).toEqual(expect.arrayContaining(['cards.issue', 'cards.handed_over']));
    const mails = (await outboxRows(db.current)).filter((row) => row.template === 'card-state');
    expect(sealedParamsOf(mails.at(-1)!)).toMatchObject({ state: 'active' });
  });

  it('refuses a first top-up of 9,99 zł at its field and accepts 10,00 zł', async () => {
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const refused = await handOver(centre, cardId, { ...HANDOVER, topUp: '9,99' });
    expect(refused.status).toBe(422);
    expect(seen(refused.text)).toContain('Pierwsze doładowanie musi wynosić co najmniej 10,00 zł.');
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'ready', account_id: null });
    expect(await loadRows(db.current, centre)).toEqual([]);
    expect((await handOver(centre, cardId, { ...HANDOVER, topUp: '10' })).status).toBe(303);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'active' });
  });

  it('refuses a document number that is not the application’s, or a box not ticked, and changes nothing', async () => {
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const attempts: [Record<string, string | boolean>, string][] = [
      [{ documentNumber: 'ABC123457' }, 'Wpisany numer nie jest numerem dokumentu podanym we wniosku.'],
      [{ documentNumber: '' }, 'Przepisz numer okazanego dokumentu.'],
      [{ documentChecked: false }, 'Potwierdź, że dokument tożsamości został sprawdzony.'],
      [{ confirmationSigned: false }, 'Potwierdź, że pisemne potwierdzenie odbioru zostało podpisane.'],
      [{ photoReturned: false }, 'Potwierdź, że zdjęcie zostało zwrócone.'],
      [{ receiptNumber: '' }, 'Wpisz numer paragonu'],
    ];
    for (const [change, message] of attempts) {
      const refused = await handOver(centre, cardId, { ...HANDOVER, ...change });
      expect([change, refused.status]).toEqual([change, 422]);
      expect(seen(refused.text)).toContain(message);
    }
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'ready', account_id: null });
    expect(await loadRows(db.current, centre)).toEqual([]);
    const photo = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'city_card_applications').where({ card_id: cardId }).first('photo_returned_at'),
    );
    expect(photo.photo_returned_at).toBeNull();
  });

  it('loads the first period ticket with its name and price, valid for its days from the handover', async () => {
    clock.set(new Date('2027-01-04T09:00:00Z'));
    const centre = await cityOperator(db.current);
    await periodTicket(db.current, centre);
    const cardId = await readyCard(db.current, centre);
    const page = seen((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(page).toContain('Bilet 30-dniowy: 110,00 zł, 30 dni');
    const ticketCode = (await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'pass_types').first('code'),
    ))!.code as string;
    const response = await handOver(centre, cardId, { ...HANDOVER, load: 'ticket', ticket: ticketCode, topUp: '' });
    expect(response.status).toBe(303);
    const after = seen((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(after).toContain('Bilet okresowy: Bilet 30-dniowy, ważny od 4 stycznia 2027 do 2 lutego 2027');
    const card = await cardRow(db.current, centre, cardId);
    expect((await entriesOf(db.current, centre, card!.account_id)).map((entry) => entry.amount)).toEqual([
      11_000, -11_000,
    ]);
    expect(await loadRows(db.current, centre)).toEqual([
      expect.objectContaining({ kind: 'ticket', amount: '11000', ticket_name: 'Bilet 30-dniowy' }),
    ]);
  });

  it('is open only from ready for pickup, never through the plain step, and not to another tenant', async () => {
    const centre = await cityOperator(db.current);
    const cardId = await submittedCard(db.current, centre);
    await stepsByClerk(db.current, centre, cardId, ['approve', 'produce']);
    const path = cardPath(centre, cardId);
    const produced = await centre.clerkBrowser.get(path).expect(200);
    expect(findForm(produced.text, `${path}/handover`)).toBeUndefined();
    const fields = { documentChecked: 'yes', documentNumber: 'ABC123456', confirmationSigned: 'yes' };
    const body = {
      ...fields,
      photoReturned: 'yes',
      load: 'top_up',
      topUp: '10,00',
      source: 'cash',
      receiptNumber: 'K/1',
    };
    const early = await postForged(centre.clerkBrowser, path, `${path}/handover`, body);
    expect(early.status).toBe(409);
    expect(seen(early.text)).toContain('Karta nie czeka na odbiór');

    await stepsByClerk(db.current, centre, cardId, ['deliver']);
    const plain = await postForged(centre.clerkBrowser, path, `${path}/transitions`, { transition: 'issue' });
    expect(plain.status).toBe(409);
    expect(seen(plain.text)).toContain('formularzem wydania');

    const other = await cityOperator(db.current);
    const own = cardPath(other, await readyCard(db.current, other));
    const foreign = `/${other.slug}/admin/cards/${cardId}/handover`;
    expect((await postForged(other.clerkBrowser, own, foreign, body)).status).toBe(404);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'ready' });

    expect((await handOver(centre, cardId)).status).toBe(303);
    const again = await postForged(centre.clerkBrowser, path, `${path}/handover`, body);
    expect(again.status).toBe(409);
    expect((await loadRows(db.current, centre)).filter((load) => load.card_id === cardId)).toHaveLength(1);
  });
});
