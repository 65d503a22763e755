// The files of a city card application (issue #23) through the application's own forms: a photo
// of the right proportions and size is stored normalised, a JPEG without its EXIF, and shown to
// the account that applied (never cached, never to another account or tenant: a 404); each thing
// wrong with a photo is said at its field, nothing stored: the wrong proportions, too few or too
// many pixels, a PDF named .jpg. A PNG named .jpg is a PNG, and taken. One byte over 5 MB is a
// 413 before anything is stored. The discount's proof is a PDF, a JPEG or a PNG by its bytes.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn } from '../support/forms.ts';
import { csrfTokenIn, newAgent, signInAs } from '../support/sessions.ts';
import {
  minimalPdf,
  paddedTo,
  phonePhotoOnItsSide,
  photo,
  pngDeclaring,
  GPS_IFD_TAG,
  exifIfd0Tags,
} from '../support/upload-files.ts';
import { PURGES } from '../../src/features/index.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import {
  cityIssuer,
  goodPhoto,
  peselBornOn,
  postPhoto,
  postWithFile,
  startOnline,
  type SentFile,
} from './city-apply-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
const FIVE_MB = 5 * 1024 * 1024;

const uploads = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'uploads')
      .orderBy('created_at')
      .select('id', 'purpose', 'media_type', 'client_id', 'staff_id', 'content'),
  );

async function applicant() {
  const centre = await cityIssuer(db.current);
  const page = await startOnline(centre, { pesel: peselBornOn('1990-05-14') });
  return { centre, page };
}

describe('the holder’s photo', () => {
  it('is stored normalised, a JPEG without EXIF, and shown only to the account that applied', async () => {
    const { centre, page } = await applicant();
    const sent = await phonePhotoOnItsSide({ shownWidth: 350, shownHeight: 450 });
    expect(exifIfd0Tags((await sharp(sent).metadata()).exif!)).toContain(GPS_IFD_TAG);
    const saved = await postPhoto(centre.browser, page, { content: sent, fileName: 'IMG_0001.jpg' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${page}?done=photo#part-photo`);
    const [stored] = await uploads(centre);
    expect(stored).toMatchObject({ purpose: 'city-card-photo', media_type: 'image/jpeg', client_id: centre.client.id });
    const metadata = await sharp(stored.content as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 350, height: 450 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();

    const shown = await centre.browser.get(`${page}/photo`).buffer(true).expect(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(shown.headers['cache-control']).toBe('private, no-store');
    expect(shown.headers['x-content-type-options']).toBe('nosniff');
    expect((shown.body as Buffer).equals(stored.content as Buffer)).toBe(true);
    expect((await centre.browser.get(page).expect(200)).text).toContain(`src="${page}/photo"`);

    // Another account of the same tenant: no such photo, and no such application to post one to.
    const other = newAgent(centre.app);
    await signInAs(other, centre.slug, await createActiveClient(db.current.app, centre.tenant.id));
    await other.get(`${page}/photo`).expect(404);
    await other.get(page).expect(404);
    const token = csrfTokenIn((await other.get(`/${centre.slug}/cards/karta-miejska`).expect(200)).text);
    await other
      .post(`${page}/photo`)
      .field('_csrf', token)
      .attach('photo', await photo({ width: 350, height: 450 }), { filename: 'cudze.jpg', contentType: 'image/jpeg' })
      .expect(404);
    // A city card issuer of its own, with a card type of the same code: another tenant's card is no card there.
    const elsewhere = await cityIssuer(db.current);
    const path = page.replace(`/${centre.slug}/`, `/${elsewhere.slug}/`);
    await elsewhere.browser.get(`${path}/photo`).expect(404);
    await elsewhere.browser.get(path).expect(404);
    // Not signed in: off to sign in.
    const anonymous = await newAgent(centre.app).get(`${page}/photo`);
    expect(anonymous.status).toBe(303);
    expect(String(anonymous.headers.location)).toContain(`/${centre.slug}/sign-in`);
    expect(await uploads(centre)).toHaveLength(1);
  });

  it('refuses each photo that is not right, saying why at its field, and stores nothing', async () => {
    const { centre, page } = await applicant();
    const refusals: [SentFile, string][] = [
      [
        { content: await photo({ width: 400, height: 400 }), fileName: 'kwadrat.jpg' },
        'Zdjęcie ma złe proporcje: szerokość do wysokości musi wynosić 35:45',
      ],
      [
        { content: await photo({ width: 210, height: 270 }), fileName: 'male.jpg' },
        'Zdjęcie jest za małe: ma 210 × 270 pikseli, a musi mieć co najmniej 300 × 386.',
      ],
      [
        { content: pngDeclaring(10_000, 12_858), fileName: 'ogromne.png', type: 'image/png' },
        'Zdjęcie ma za dużo pikseli (ponad 64 megapiksele).',
      ],
      [{ content: minimalPdf(), fileName: 'zdjecie.jpg' }, 'Ten plik nie jest zdjęciem w formacie JPEG ani PNG.'],
    ];
    for (const [file, message] of refusals) {
      const refused = await postPhoto(centre.browser, page, file);
      expect([file.fileName, refused.status]).toEqual([file.fileName, 422]);
      expect(seen(refused.text)).toContain(message);
      expect(refused.text).toContain('<input id="photo" name="photo" type="file"');
      expect(refused.text).toMatch(/<a href="#photo">/);
    }
    expect(await uploads(centre)).toEqual([]);
  });

  it('is purged by the worker once its purpose keeps it no longer', async () => {
    const { centre, page } = await applicant();
    expect((await postPhoto(centre.browser, page, await goodPhoto())).status).toBe(303);
    const purge = PURGES.cityCardPhotos!;
    const after = (days: number) => new Date(clock.now().getTime() + days * 24 * 60 * 60 * 1000);
    expect(await purge(db.current.worker, after(399))).toBe(0);
    expect(await uploads(centre)).toHaveLength(1);
    // The worker purges every tenant's at once: this file's other tests' photos go too.
    expect(await purge(db.current.worker, after(401))).toBeGreaterThanOrEqual(1);
    expect(await uploads(centre)).toEqual([]);
    await centre.browser.get(`${page}/photo`).expect(404);
  });

  it('takes a PNG named .jpg as the PNG it is, and stores it as a JPEG', async () => {
    const { centre, page } = await applicant();
    const png = await photo({ width: 700, height: 900, format: 'png' });
    expect((await postPhoto(centre.browser, page, { content: png, fileName: 'zdjecie.jpg' })).status).toBe(303);
    const [stored] = await uploads(centre);
    expect(stored!.media_type).toBe('image/jpeg');
    expect(await sharp(stored!.content as Buffer).metadata()).toMatchObject({
      format: 'jpeg',
      width: 600,
      height: 771,
    });
  });

  it('is a 413 one byte over 5 MB, before anything is stored', async () => {
    const { centre, page } = await applicant();
    const over = await postPhoto(centre.browser, page, {
      content: paddedTo(await photo({ width: 350, height: 450 }), FIVE_MB + 1),
      fileName: 'duze.jpg',
    });
    expect(over.status).toBe(413);
    expect(seen(over.text)).toContain('Plik jest za duży: zdjęcie może mieć najwyżej 5 MB. Niczego nie zapisano.');
    expect(await uploads(centre)).toEqual([]);
  });
});

describe('the discount’s proof', () => {
  it('is a PDF, a JPEG or a PNG by its bytes, up to 10 MB, and goes with the discount withdrawn', async () => {
    const { centre, page } = await applicant();
    const discountForm = async () => formIn((await centre.browser.get(page).expect(200)).text, `${page}/discount`);
    const claim = { discountKind: 'student', validUntil: '2027-06-30' };

    const notADocument = await postWithFile(
      centre.browser,
      await discountForm(),
      'proof',
      {
        content: Buffer.from('GIF89a'),
        fileName: 'legitymacja.pdf',
        type: 'application/pdf',
      },
      claim,
    );
    expect(notADocument.status).toBe(422);
    expect(seen(notADocument.text)).toContain('Ten plik nie jest dokumentem PDF ani zdjęciem JPEG lub PNG.');
    const tooLarge = await postWithFile(
      centre.browser,
      await discountForm(),
      'proof',
      {
        content: paddedTo(minimalPdf(), 10 * 1024 * 1024 + 1),
        fileName: 'legitymacja.pdf',
        type: 'application/pdf',
      },
      claim,
    );
    expect(tooLarge.status).toBe(413);
    expect(seen(tooLarge.text)).toContain('dokument może mieć najwyżej 10 MB');
    expect(await uploads(centre)).toEqual([]);

    const pdf = await postWithFile(
      centre.browser,
      await discountForm(),
      'proof',
      {
        content: minimalPdf(),
        fileName: 'legitymacja.jpg',
      },
      claim,
    );
    expect(pdf.status).toBe(303);
    expect((await uploads(centre)).map((upload) => [upload.purpose, upload.media_type])).toEqual([
      ['city-card-proof', 'application/pdf'],
    ]);
    const html = (await centre.browser.get(page).expect(200)).text;
    expect(seen(html)).toContain('Dołączono dokument potwierdzający prawo do ulgi.');
    expect(seen(html)).toContain('uczniowie i studenci');
    // The proof is no longer among what is missing.
    expect(html).toContain('<a href="#photo">');
    expect(html).not.toContain('<a href="#proof">');

    // Withdrawn: the discount and its proof go.
    const none = await postWithFile(
      centre.browser,
      await discountForm(),
      'proof',
      {
        content: Buffer.alloc(0),
        fileName: '',
      },
      { discountKind: 'none', validUntil: '' },
    );
    expect(none.status).toBe(303);
    const row = await withTenant(db.current.app, centre.tenant.id, (trx) =>
      tenantRows(trx, 'city_card_applications').first('discount_kind', 'proof_upload_id'),
    );
    expect(row).toEqual({ discount_kind: null, proof_upload_id: null });
  });
});
