// How long the files of an ended city card application are kept (issue #23): the holder's photo and
// the proof of a discount are needed while the application is reviewed, the card produced and
// handed over; once the application has ended (the card handed over and its photo returned, or the
// application rejected, or lapsed), they are kept the tenant's number of days more, for a question
// or a complaint, and then the worker deletes them. The application keeps saying what was there.
//
// 90 days by default: long enough to answer a holder who says the card shows the wrong photo or
// the discount was refused, and no longer, as a photo is personal data the portal no longer needs.
// A file still named by another application that has not ended (a replacement's copy, which
// carries the old card's photo) is kept: every application naming it must have ended long enough.
// And a file is kept its days from its own upload too: a discount's proof attached by a change of
// data (city/changes/) to a card handed over long ago is not deleted the night it arrives.
//
// The purge runs as the worker role, across tenants, one DELETE a batch per tenant; migration
// 20261217000410 lets it read just what decides it: the applications' files and when the photo
// was returned, and the cards' states and since when, never a name, an address or a PESEL.
import type { Knex } from 'knex';
import { z } from 'zod';
import { deleteInBatches, DAY_MS } from '../../../../platform/jobs/housekeeping.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../city-card-uploads.ts';

export const DEFAULT_FILE_RETENTION_DAYS = 90;

export const CITY_CARD_SETTINGS = {
  cityCard: z
    .object({ fileRetentionDays: z.number().int().min(1).max(3650).default(DEFAULT_FILE_RETENTION_DAYS) })
    .prefault({}),
};

declare module '../../../../platform/tenancy/tenant.ts' {
  interface TenantSettings extends z.infer<z.ZodObject<typeof CITY_CARD_SETTINGS>> {}
}

const retentionOf = z
  .object(CITY_CARD_SETTINGS)
  .catch({ cityCard: { fileRetentionDays: DEFAULT_FILE_RETENTION_DAYS } });

/**
 * The tenant's photos and proofs whose every application ended before the cut-off: one rejected or
 * lapsed before it, or handed over with its photo returned before it (the states an issued card
 * may be in since). A file of an application still under way is in no such group.
 */
const ENDED_FILES = `
  DELETE FROM uploads WHERE tenant_id = ? AND purpose IN (?, ?) AND created_at < ? AND id IN (
    SELECT f.upload_id FROM (
        SELECT card_id, photo_upload_id AS upload_id FROM city_card_applications
         WHERE tenant_id = ? AND photo_upload_id IS NOT NULL
        UNION ALL
        SELECT card_id, proof_upload_id FROM city_card_applications
         WHERE tenant_id = ? AND proof_upload_id IS NOT NULL
      ) f
      JOIN city_card_applications a ON a.tenant_id = ? AND a.card_id = f.card_id
      JOIN cards c ON c.tenant_id = ? AND c.id = f.card_id
     GROUP BY f.upload_id
    HAVING bool_and(CASE
        WHEN c.state IN ('rejected', 'lapsed') THEN c.state_since < ?
        WHEN c.state IN ('active', 'blocked', 'replaced', 'expired') THEN a.photo_returned_at < ?
        ELSE false END)
     LIMIT ?)`;

/** The worker's purge (the manifest's purges): every tenant's ended applications' files past its days. */
export async function purgeEndedApplicationFiles(db: Knex, now: Date): Promise<number> {
  const { rows } = await db.raw<{ rows: { id: string; settings: unknown }[] }>('SELECT id, settings FROM tenants');
  let purged = 0;
  for (const tenant of rows) {
    const days = retentionOf.parse(tenant.settings ?? {}).cityCard.fileRetentionDays;
    const before = new Date(now.getTime() - days * DAY_MS);
    const id = tenant.id;
    purged += await deleteInBatches(db, ENDED_FILES, [
      ...[id, CITY_CARD_PHOTO.name, CITY_CARD_PROOF.name, before, id, id, id, id],
      ...[before, before],
    ]);
  }
  return purged;
}
