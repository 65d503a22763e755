// The upload layer's per-purpose limits over real HTTP into the real uploads table, for the
// e-card's two files (issue #23) before its pages exist: a route shaped as theirs will be
// (the fields, then the file for its purpose, read whole, then stored for the client). A file
// of exactly the limit is stored; one byte more is a 413 and nothing is stored. What the file
// is comes from its bytes: a PDF named .jpg is refused as a photo and taken as a document.
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { asTenantId, tenantRows, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import {
  discardRestOf,
  fieldsBeforeFile,
  receiveUpload,
  UploadTooLarge,
} from '../../src/platform/uploads/receive-upload.ts';
import type { UploadPurpose } from '../../src/platform/uploads/upload-purpose.ts';
import { storeUpload } from '../../src/platform/uploads/uploads.repo.ts';
import { createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { minimalPdf, paddedTo, photo, photoPurpose, proofDocumentPurpose } from '../support/upload-files.ts';

const db = useTestDatabase();

const PHOTO = photoPurpose('limits-test-photo');
const DOCUMENT = proofDocumentPurpose('limits-test-document');

/** A client's upload route for each purpose, as the e-card's pages will have them. */
function uploadApp(tenantId: TenantId, clientId: string): Express {
  const app = express();
  for (const purpose of [PHOTO, DOCUMENT]) {
    app.post(`/${purpose.name}`, async (req, res, next) => {
      // As the CSRF check does: the fields first, and what is left unread thrown away after the answer.
      res.once('finish', () => discardRestOf(req));
      try {
        await fieldsBeforeFile(req);
        const upload = await receiveUpload(req, purpose);
        if (upload.kind !== 'file') return void res.status(422).send(upload.kind);
        const content = await upload.whole();
        await withTenant(db.current.app, tenantId, (trx) =>
          storeUpload(trx, purpose, {
            owner: { kind: 'client', clientId },
            fileName: upload.fileName,
            mediaType: upload.mediaType,
            content,
            now: new Date(),
          }),
        );
        res.status(303).end();
      } catch (error) {
        if (error instanceof UploadTooLarge) return void res.status(413).send(error.limit);
        next(error);
      }
    });
  }
  return app;
}

async function clientWithApp() {
  const tenantId = asTenantId((await createTenant(db.current.owner)).id);
  const client = await createClient(db.current.app, tenantId);
  const stored = () =>
    withTenant(db.current.app, tenantId, (trx) =>
      tenantRows(trx, 'uploads').orderBy('size').select('purpose', 'media_type', 'file_name', 'size'),
    );
  return { app: uploadApp(tenantId, client.id), stored };
}

const send = (app: Express, purpose: UploadPurpose, content: Buffer, fileName: string) =>
  request(app)
    .post(`/${purpose.name}`)
    .field('_csrf', 'token-first')
    .attach('file', content, { filename: fileName, contentType: 'image/jpeg' });

describe('the upload limits of a purpose', () => {
  it.each([
    { purpose: PHOTO, limit: '5 MB', file: () => photo({ width: 350, height: 450 }), type: 'image/jpeg' },
    { purpose: DOCUMENT, limit: '10 MB', file: async () => minimalPdf(), type: 'application/pdf' },
  ])('stores a file of exactly $limit, and refuses one byte more with a 413, storing nothing', async (each) => {
    const { purpose, file, type } = each;
    const { app, stored } = await clientWithApp();
    const over = await send(app, purpose, paddedTo(await file(), purpose.maxBytes + 1), 'za-duży.jpg');
    expect([over.status, over.text]).toEqual([413, 'file']);
    expect(await stored()).toEqual([]);

    const exact = await send(app, purpose, paddedTo(await file(), purpose.maxBytes), 'w-sam-raz.jpg');
    expect(exact.status).toBe(303);
    expect(await stored()).toEqual([
      { purpose: purpose.name, media_type: type, file_name: 'w-sam-raz.jpg', size: purpose.maxBytes },
    ]);
  });

  it('refuses a PDF named .jpg as a photo, and stores it as a proof document', async () => {
    const { app, stored } = await clientWithApp();
    const refused = await send(app, PHOTO, minimalPdf(), 'zdjęcie.jpg');
    expect([refused.status, refused.text]).toEqual([422, 'refused']);
    expect(await stored()).toEqual([]);
    await send(app, DOCUMENT, minimalPdf(), 'zaświadczenie.jpg').expect(303);
    const png = await photo({ width: 350, height: 450, format: 'png' });
    await send(app, PHOTO, png, 'zdjęcie.jpg').expect(303);
    expect(await stored()).toEqual([
      {
        purpose: DOCUMENT.name,
        media_type: 'application/pdf',
        file_name: 'zaświadczenie.jpg',
        size: minimalPdf().length,
      },
      { purpose: PHOTO.name, media_type: 'image/png', file_name: 'zdjęcie.jpg', size: png.length },
    ]);
  });
});
