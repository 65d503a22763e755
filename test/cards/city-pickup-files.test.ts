// How long an ended city card application's files are kept (issue #23): the tenant's number of
// days, set by a manager on the settings page; then the worker deletes the photo and the discount's
// proof of an application that lapsed, was rejected, or whose card was handed over with its photo
// returned, and keeps those of an application still under way, and a photo a replacement's
// application still names.
import { describe, expect, it } from 'vitest';
import { purgeEndedApplicationFiles } from '../../src/features/cards/city/pickup/file-retention.ts';
import { changeApplication } from '../../src/features/cards/city/city-card-applications.repo.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../../src/features/cards/city/city-card-uploads.ts';
import type { UploadPurpose } from '../../src/platform/uploads/upload-purpose.ts';
import { storeUpload } from '../../src/platform/uploads/uploads.repo.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import {
  cityOperator,
  handOver,
  readyCard,
  staffSignInAgain,
  stepsByClerk,
  submittedCard,
} from './city-handover-support.ts';

const db = useTestDatabase();
const DAY_MS = 24 * 60 * 60_000;

/**
 * A file of the purpose named on the card's application: its photo, sent with it; a discount's
 * proof, sent now by the centre's client.
 */
async function fileOn(centre: SportsCentre, cardId: string, purpose: UploadPurpose): Promise<string> {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    if (purpose === CITY_CARD_PHOTO) {
      const application = await tenantRows(trx, 'city_card_applications')
        .where({ card_id: cardId })
        .first<{ photo_upload_id: string }>('photo_upload_id');
      return application.photo_upload_id;
    }
    const now = clock.now();
    const id = await storeUpload(trx, purpose, {
      owner: { kind: 'client', clientId: centre.client.id },
      fileName: 'legitymacja.pdf',
      mediaType: 'application/pdf',
      content: Buffer.from('%PDF-1.4 a proof'),
      now,
    });
    const discount = { kind: 'student' as const, validUntil: '2027-09-30' };
    await changeApplication(trx, cardId, { discount, proofUploadId: id }, now);
    return id;
  });
}

const uploadsLeft = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, (trx) => tenantRows(trx, 'uploads').pluck('id'));

describe('the files of an ended city card application', () => {
  it('are kept the tenant’s days after it ended, and then deleted, unless an application under way names them', async () => {
    clock.set(new Date('2027-03-01T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const settings = `/${centre.slug}/admin/settings/cards`;
    const form = formIn((await centre.managerBrowser.get(settings).expect(200)).text, settings);
    expect((await postForm(centre.managerBrowser, form, { fileRetentionDays: '30' })).status).toBe(303);

    const lapsing = await readyCard(db.current, centre);
    const lapsedPhoto = await fileOn(centre, lapsing, CITY_CARD_PHOTO);
    const lapsedProof = await fileOn(centre, lapsing, CITY_CARD_PROOF);
    const handed = await readyCard(db.current, centre);
    const handedPhoto = await fileOn(centre, handed, CITY_CARD_PHOTO);
    const waiting = await submittedCard(db.current, centre);
    const waitingPhoto = await fileOn(centre, waiting, CITY_CARD_PHOTO);
    const replaced = await readyCard(db.current, centre);
    const sharedPhoto = await fileOn(centre, replaced, CITY_CARD_PHOTO);

    clock.set(new Date('2027-03-02T09:00:00Z'));
    await staffSignInAgain(db.current, centre);
    expect((await handOver(centre, handed)).status).toBe(303);
    expect((await handOver(centre, replaced)).status).toBe(303);
    // Blocked and replaced: the new card's application carries the same photo, and is under way.
    await stepsByClerk(db.current, centre, replaced, ['block', 'replace']);
    await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'cards').where({ id: lapsing }).update({ state: 'lapsed', state_since: clock.now() }),
    );

    const purgeAt = (days: number) =>
      purgeEndedApplicationFiles(db.current.worker, new Date(clock.now().getTime() + days * DAY_MS));
    expect(await purgeAt(29)).toBe(0);
    expect((await uploadsLeft(centre)).sort()).toEqual(
      [lapsedPhoto, lapsedProof, handedPhoto, waitingPhoto, sharedPhoto].sort(),
    );
    expect(await purgeAt(31)).toBe(3);
    expect((await uploadsLeft(centre)).sort()).toEqual([waitingPhoto, sharedPhoto].sort());
    const application = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'city_card_applications').where({ card_id: lapsing }).first('photo_upload_id'),
    );
    expect(application.photo_upload_id).toBe(lapsedPhoto);
  });

  it('keep the 90 days of a tenant that set none', async () => {
    clock.set(new Date('2027-06-01T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    await fileOn(centre, cardId, CITY_CARD_PHOTO);
    await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'cards').where({ id: cardId }).update({ state: 'lapsed', state_since: clock.now() }),
    );
    const at = (days: number) => new Date(clock.now().getTime() + days * DAY_MS);
    await purgeEndedApplicationFiles(db.current.worker, at(89));
    expect(await uploadsLeft(centre)).toHaveLength(1);
    // A proof attached 60 days on (a change of data) is kept its own 90 days.
    clock.set(at(60));
    const proof = await fileOn(centre, cardId, CITY_CARD_PROOF);
    await purgeEndedApplicationFiles(db.current.worker, at(31));
    expect(await uploadsLeft(centre)).toEqual([proof]);
    await purgeEndedApplicationFiles(db.current.worker, at(91));
    expect(await uploadsLeft(centre)).toEqual([]);
  });
});
