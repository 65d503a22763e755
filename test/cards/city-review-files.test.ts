// The files of a city card application for the staff's review (issue #23): the photo shown on the
// review page and the proof of a discount, served to the tenant's staff only, never cached or
// sniffed, the proof as a download; another tenant's application is not there for anything, and
// a client reaches none of it. The counter's card page leaves the review's steps to the review
// page, and links to it.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formsIn, postForged } from '../support/forms.ts';
import { clock } from './cards-support.ts';
import { cityCentre, submittedCityApplication } from './city-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

/** What the upload holds: the bytes a response must carry. */
async function storedBytes(tenantId: Parameters<typeof withTenant>[1], column: 'photo_upload_id' | 'proof_upload_id') {
  return withTenant(db.current.app, tenantId, async (trx) => {
    const uploadId = await tenantRows(trx, 'city_card_applications').first(column);
    const row = await tenantRows(trx, 'uploads').where({ id: uploadId[column] }).first('content');
    return row.content as Buffer;
  });
}

const binary = (response: { body: unknown }) => Buffer.from(response.body as Buffer);

describe('an application’s files', () => {
  it('are the tenant staff’s: the photo inline and the proof as a download, never cached', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityCentre(db.current);
    const discount = { kind: 'student' as const, validUntil: '2027-06-30' };
    const { cardId, reference } = await submittedCityApplication(db.current, centre, { discount });
    const base = `/${centre.slug}/admin/cards/applications/${cardId}`;

    const photo = await centre.clerkBrowser.get(`${base}/photo`).buffer(true).expect(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toBe('private, no-store');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.headers['content-disposition']).toBeUndefined();
    expect(binary(photo).equals(await storedBytes(centre.tenant.id, 'photo_upload_id'))).toBe(true);

    const proof = await centre.managerBrowser.get(`${base}/proof`).buffer(true).expect(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
    expect(proof.headers['cache-control']).toBe('private, no-store');
    expect(proof.headers['content-disposition']).toBe(`attachment; filename=${reference}-proof.pdf`);
    expect(binary(proof).equals(await storedBytes(centre.tenant.id, 'proof_upload_id'))).toBe(true);

    // The applicant signed in as a client: the staff's address sends them to the staff's sign-in.
    const asClient = await centre.browser.get(`${base}/photo`);
    expect(asClient.status).toBe(303);
    expect(asClient.headers.location).toMatch(new RegExp(`^/${centre.slug}/admin/sign-in`));
    expect(asClient.headers['content-type']).not.toMatch(/^image/);
  });

  it('is no proof where no discount was claimed, and no photo where none was sent', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityCentre(db.current);
    const { cardId } = await submittedCityApplication(db.current, centre, { leaveOut: ['photo'] });
    const base = `/${centre.slug}/admin/cards/applications/${cardId}`;
    await centre.clerkBrowser.get(`${base}/proof`).expect(404);
    await centre.clerkBrowser.get(`${base}/photo`).expect(404);
    const page = (await centre.clerkBrowser.get(base).expect(200)).text;
    expect(page).not.toContain('<img');
    expect(seen(page)).toContain('Zdjęcie nie podano');
  });

  it('is not found for another tenant’s staff, nor is anything else of the application', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityCentre(db.current);
    const other = await cityCentre(db.current);
    const discount = { kind: 'senior' as const, validUntil: '2030-01-01' };
    const { cardId } = await submittedCityApplication(db.current, centre, { discount });
    const theirs = `/${other.slug}/admin/cards/applications/${cardId}`;
    for (const path of [theirs, `${theirs}/photo`, `${theirs}/proof`]) {
      await other.clerkBrowser.get(path).expect(404);
    }
    const queue = `/${other.slug}/admin/cards/applications`;
    const forged = await postForged(other.clerkBrowser, queue, `${theirs}/transitions`, {
      transition: 'approve',
      version: String(clock.now().getTime()),
    });
    expect(forged.status).toBe(404);
    const state = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'cards').where({ id: cardId }).first('state'),
    );
    expect(state).toEqual({ state: 'submitted' });
  });
});

describe('the counter’s page of a city card', () => {
  it('leaves the review to the review page, links to it, and refuses a review step posted to it', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityCentre(db.current);
    const { cardId } = await submittedCityApplication(db.current, centre);
    const cardPage = `/${centre.slug}/admin/cards/${cardId}`;
    const page = (await centre.clerkBrowser.get(cardPage).expect(200)).text;
    expect(page).toContain(`href="/${centre.slug}/admin/cards/applications/${cardId}"`);
    expect(seen(page)).toContain('Wniosek o tę kartę: rozpatrzenie, produkcja i dostarczenie do punktu obsługi');
    expect(formsIn(page).filter((form) => form.action === `${cardPage}/transitions`)).toEqual([]);
    const forged = await postForged(centre.clerkBrowser, cardPage, `${cardPage}/transitions`, {
      transition: 'approve',
    });
    expect(forged.status).toBe(409);
    const state = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'cards').where({ id: cardId }).first('state'),
    );
    expect(state).toEqual({ state: 'submitted' });
  });
});
