// What the city card application tests share (issue #23): a transport operator issuing the city
// card (the cards tests' tenant with the city card module and type, on their clock: 15 December
// 2026), holders' PESELs for a birth date, and the application's forms posted as a browser posts
// them: step 1, each part's form from the application's page, the photo's and the proof's forms
// as multipart with a real file after their fields, and the submission; and a complete draft
// written straight into the tables, for tests about who may open it.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type request from 'supertest';
import { expect } from 'vitest';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import { insertHolderDraft } from '../../src/features/cards/cards.repo.ts';
import { changeApplication, insertApplication } from '../../src/features/cards/city/city-card-applications.repo.ts';
import { CITY_CARD_PHOTO } from '../../src/features/cards/city/city-card-uploads.ts';
import { sealHolder } from '../../src/features/cards/city/holder-pesel.ts';
import { tenantRows, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { storeUpload } from '../../src/platform/uploads/uploads.repo.ts';
import type { TestDatabase } from '../support/database.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { filledIn, formIn, formsIn, postForm, type Fill, type PageForm } from '../support/forms.ts';
import type { Agent } from '../support/sessions.ts';
import { photo } from '../support/upload-files.ts';
import { CITY_CARD, type SportsCentre } from './cards-support.ts';
import { cityCentre, peselBornOn } from './city-support.ts';

export { peselBornOn };

export const cityIssuer = (database: TestDatabase) => cityCentre(database);

export const listPage = (centre: Pick<SportsCentre, 'slug'>) => `/${centre.slug}/cards/${CITY_CARD.code}`;
export const newPage = (centre: Pick<SportsCentre, 'slug'>) => `${listPage(centre)}/applications/new`;

export interface Holder {
  firstName?: string;
  lastName?: string;
  pesel: string;
  incapacity?: 'none' | 'partial' | 'full';
}

const holderFill = (holder: Holder): Fill => ({
  firstName: holder.firstName ?? 'Ola',
  lastName: holder.lastName ?? 'Nowak',
  pesel: holder.pesel,
  incapacity: holder.incapacity ?? 'none',
});

/** Step 1 posted from the page's form at `page` (the client's new application, or the counter's); the response. */
export async function postHolder(browser: Agent, page: string, holder: Holder): Promise<request.Response> {
  const shown = await browser.get(page).expect(200);
  const form = formsIn(shown.text).find((candidate) => candidate.fields.some((field) => field.name === 'pesel'));
  if (!form) throw new Error(`no holder form on ${page}`);
  return postForm(browser, form, holderFill(holder));
}

/** Starts an application through step 1 and follows it to the application's page: its path. */
export async function startOnline(centre: SportsCentre, holder: Holder, browser: Agent = centre.browser) {
  const response = await postHolder(browser, newPage(centre), holder);
  expect(response.status).toBe(303);
  return String(response.headers.location).replace(/\?.*$/, '');
}

/** The card id in an application page's path. */
export const cardIdOf = (path: string) => /\/([0-9a-f-]{36})(?:\/application-form)?$/.exec(path)![1]!;

/** Posts one part's form of the application's page, as it is shown now. */
export async function postPart(browser: Agent, page: string, part: string, fill: Fill = {}) {
  const shown = await browser.get(page).expect(200);
  return postForm(browser, formIn(shown.text, `${page}/${part}`), fill);
}

export interface SentFile {
  content: Buffer;
  fileName: string;
  type?: string;
}

/** A multipart form as a browser sends it: the page's fields first (the token among them), then the file. */
export function postWithFile(browser: Agent, form: PageForm, field: string, file: SentFile, fill: Fill = {}) {
  let post = browser.post(form.action);
  for (const [name, value] of filledIn(form, fill)) post = post.field(name, value);
  return post.attach(field, file.content, { filename: file.fileName, contentType: file.type ?? 'image/jpeg' });
}

/** Posts the photo's form of the application's page with the file. */
export async function postPhoto(browser: Agent, page: string, file: SentFile) {
  const shown = await browser.get(page).expect(200);
  return postWithFile(browser, formIn(shown.text, `${page}/photo`), 'photo', file);
}

/** A photo of the right proportions and size, as a camera writes it. */
export const goodPhoto = async (): Promise<SentFile> => ({
  content: await photo({ width: 350, height: 450 }),
  fileName: 'zdjecie.jpg',
});

/** Fills in every part an adult needs (address, identity document, photo); each saved (303). */
export async function fillAdultParts(browser: Agent, page: string) {
  const address = { street: 'ul. Lipowa 1', postalCode: '65-001', city: 'Zielonka' };
  expect((await postPart(browser, page, 'address', address)).status).toBe(303);
  expect((await postPart(browser, page, 'id-document', { idKind: 'id_card', idNumber: 'abc 123456' })).status).toBe(
    303,
  );
  expect((await postPhoto(browser, page, await goodPhoto())).status).toBe(303);
}

/** The representative's form filled in and posted; the response. */
export const postRepresentative = (browser: Agent, page: string, relation: string) =>
  postPart(browser, page, 'representative', { representativeName: 'Jan Nowak', relation, declaration: true });

/** The submission's button pressed; the response. */
export const submit = (browser: Agent, page: string) => postPart(browser, page, 'submission');

/** The card's row and its application's, as stored. */
export function storedApplication(database: TestDatabase, centre: SportsCentre, cardId: string) {
  return withTenant(database.app, centre.tenant.id, async (trx) => ({
    card: await tenantRows(trx, 'cards').where({ id: cardId }).first('state', 'client_id', 'holder_pesel_index'),
    application: await tenantRows(trx, 'city_card_applications')
      .where({ card_id: cardId })
      .first('reference', 'submitted_at', 'street', 'id_document_number', 'photo_upload_id', 'representative_relation'),
    events: await tenantRows(trx, 'card_events').where({ card_id: cardId }).orderBy('occurred_at').pluck('transition'),
  }));
}

const nationalIds = createNationalIdProtector({ dataKey: TEST_DATA_KEY, previousDataKeys: [] });

/**
 * A complete draft of a 15-year-old's application with a parent's consent, written straight
 * through the repositories as the forms would leave it (for tests of who may open its pages).
 */
export async function completeDraftInTable(
  app: Knex,
  at: { tenantId: TenantId; cardTypeId: string; clientId: string; now: Date },
): Promise<string> {
  const id = randomUUID();
  const pesel = peselBornOn('2011-03-01');
  const content = await photo({ width: 350, height: 450 });
  await withTenant(app, at.tenantId, async (trx) => {
    const holder = sealHolder(nationalIds, at.tenantId, id, pesel);
    await insertHolderDraft(trx, { id, cardTypeId: at.cardTypeId, clientId: at.clientId, holder, now: at.now });
    const details = { firstName: 'Kuba', lastName: 'Macierz', birthDate: '2011-03-01', incapacity: 'none' as const };
    await insertApplication(trx, { cardId: id, holder: details, now: at.now });
    const photoUploadId = await storeUpload(trx, CITY_CARD_PHOTO, {
      owner: { kind: 'client', clientId: at.clientId },
      fileName: 'zdjecie.jpg',
      mediaType: 'image/jpeg',
      content,
      now: at.now,
    });
    await changeApplication(
      trx,
      id,
      {
        address: { street: 'ul. Macierzowa 1', postalCode: '00-001', city: 'Testowo' },
        representative: { name: 'Jan Macierz', relation: 'parent', declaredAt: at.now },
        idDocument: { kind: 'school_id', number: 'LS12345' },
        photoUploadId,
      },
      at.now,
    );
  });
  return id;
}
