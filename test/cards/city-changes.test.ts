// A city card holder's change of data by request, online (issue #23): the applicant's account asks
// on the active card's page for a new address, a new name or another discount (with its proof),
// sees the request waiting for the counter and may withdraw it; one request at a time, only for an
// active card, and only for the account's own card.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { csrfTokenIn, newAgent, signInAs } from '../support/sessions.ts';
import { minimalPdf } from '../support/upload-files.ts';
import { clock } from './cards-support.ts';
import { postWithFile } from './city-apply-support.ts';
import { activeCard, changeRows, ownPage } from './city-changes-support.ts';
import { cityOperator, readyCard } from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

async function activeOnline() {
  clock.set(new Date('2027-02-01T09:00:00Z'));
  const centre = await cityOperator(db.current);
  const cardId = await activeCard(db.current, centre);
  return { centre, cardId, page: ownPage(centre, cardId) };
}

describe('a change of data asked for online', () => {
  it('of the address: shown waiting, refused a second time, and withdrawn', async () => {
    const { centre, cardId, page } = await activeOnline();
    const shown = await centre.browser.get(page).expect(200);
    expect(seen(shown.text)).toContain('Zmiana danych lub ulgi');

    const invalid = await postForm(centre.browser, formIn(shown.text, `${page}/changes/address`), {
      street: 'ul. Polna 2',
      postalCode: '65001',
      city: 'Zielonka',
    });
    expect(invalid.status).toBe(422);
    expect(seen(invalid.text)).toContain('Podaj kod pocztowy w postaci 00-000.');
    expect(await changeRows(db.current, centre, cardId)).toEqual([]);

    const asked = await postForm(centre.browser, formIn(shown.text, `${page}/changes/address`), {
      street: 'ul. Polna 2',
      postalCode: '65-002',
      city: 'Zielonka',
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toBe(`${page}?done=changeRequested#changes`);
    const after = seen((await centre.browser.get(`${page}?done=changeRequested`).expect(200)).text);
    expect(after).toContain('Wniosek o zmianę został złożony. Dokończ go w punkcie obsługi klienta.');
    expect(after).toContain('Wniosek o zmianę czeka na dokończenie: Zmiana adresu');
    expect(after).toContain('ul. Polna 2, 65-002 Zielonka');

    // The page shows no forms now; the old tab's form posted again is refused with a message.
    const again = await postForm(centre.browser, formIn(shown.text, `${page}/changes/name`), {
      firstName: 'Ola',
      lastName: 'Kowalska',
    });
    expect(again.status).toBe(409);
    expect(seen(again.text)).toContain('Ta karta ma już wniosek o zmianę, który czeka na dokończenie.');
    expect(await changeRows(db.current, centre, cardId)).toEqual([
      expect.objectContaining({ kind: 'address', street: 'ul. Polna 2', requested_by_role: 'client' }),
    ]);

    const withOpen = (await centre.browser.get(page).expect(200)).text;
    const withdrawn = await postForm(centre.browser, formIn(withOpen, `${page}/changes/cancel`));
    expect(withdrawn.status).toBe(303);
    const cancelled = seen((await centre.browser.get(withdrawn.headers.location!).expect(200)).text);
    expect(cancelled).toContain('Wniosek o zmianę został wycofany.');
    expect(cancelled).not.toContain('czeka na dokończenie');
    expect((await changeRows(db.current, centre, cardId))[0]!.cancelled_at).toEqual(clock.now());
  });

  it('of the name, and of the discount with its proof', async () => {
    const { centre, cardId, page } = await activeOnline();
    const shown = (await centre.browser.get(page).expect(200)).text;
    expect(seen(shown)).toContain('po zmianie otrzymasz nową kartę za kaucją 10,00 zł');
    const named = await postForm(centre.browser, formIn(shown, `${page}/changes/name`), {
      firstName: 'Ola',
      lastName: 'Kowalska',
    });
    expect(named.status).toBe(303);
    const waiting = (await centre.browser.get(page).expect(200)).text;
    expect(seen(waiting)).toContain('Nowe imię i nazwisko Ola Kowalska');
    expect(seen(waiting)).toContain('otrzymasz nową kartę za kaucją 10,00 zł');
    await postForm(centre.browser, formIn(waiting, `${page}/changes/cancel`)).then((r) => expect(r.status).toBe(303));

    const form = formIn((await centre.browser.get(page).expect(200)).text, `${page}/changes/discount`);
    const claim = { discountKind: 'student', validUntil: '2027-06-30' };
    const noProof = await postForm(centre.browser, form, claim);
    expect(noProof.status).toBe(422);
    expect(seen(noProof.text)).toContain('Dołącz dokument potwierdzający prawo do ulgi.');
    const proof = { content: minimalPdf(), fileName: 'legitymacja.pdf', type: 'application/pdf' };
    expect((await postWithFile(centre.browser, form, 'proof', proof, claim)).status).toBe(303);
    expect(seen((await centre.browser.get(page).expect(200)).text)).toContain('uczniowie i studenci, ważna do');
    const rows = await changeRows(db.current, centre, cardId);
    expect(rows.map((row) => [row.kind, row.discount_kind, Boolean(row.proof_upload_id)])).toEqual([
      ['name', null, false],
      ['discount', 'student', true],
    ]);
  });

  it('is refused for a card that is not active, and is no other account’s to ask for', async () => {
    clock.set(new Date('2027-02-01T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const readyId = await readyCard(db.current, centre);
    const ready = await centre.browser.get(ownPage(centre, readyId)).expect(200);
    expect(seen(ready.text)).not.toContain('Zmiana danych lub ulgi');
    const token = csrfTokenIn(ready.text);
    const fields = { _csrf: token, street: 'ul. Polna 2', postalCode: '65-002', city: 'Zielonka' };
    const refused = await centre.browser
      .post(`${ownPage(centre, readyId)}/changes/address`)
      .type('form')
      .send(new URLSearchParams(fields).toString());
    expect(refused.status).toBe(409);
    expect(seen(refused.text)).toContain('Zmianę danych można złożyć tylko dla aktywnej karty.');

    const activeId = await activeCard(db.current, centre);
    const other = newAgent(centre.app);
    await signInAs(other, centre.slug, await createActiveClient(db.current.app, centre.tenant.id));
    const otherToken = csrfTokenIn((await other.get(`/${centre.slug}/cards/karta-miejska`).expect(200)).text);
    await other
      .post(`${ownPage(centre, activeId)}/changes/address`)
      .type('form')
      .send(new URLSearchParams({ ...fields, _csrf: otherToken }).toString())
      .expect(404);
    expect(await changeRows(db.current, centre, activeId)).toEqual([]);
    expect(await changeRows(db.current, centre, readyId)).toEqual([]);
  });
});
