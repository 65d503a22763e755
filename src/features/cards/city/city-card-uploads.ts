// The files a city card application carries (issue #23): the holder's photo and the proof of a
// discount, each an upload purpose of its own (platform/uploads/), kept to the cards feature.
// keepForMs is the longest any file of theirs is kept: one never attached to an application goes
// after it; what happens to an attached one once its application has ended is the tenant's
// retention setting.
import { ID_PHOTO } from '../../../platform/images/id-photo.ts';
import { defineUploadPurpose } from '../../../platform/uploads/upload-purpose.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The photo as sent is checked and normalised (platform/images/id-photo.ts) before it is stored. */
export const CITY_CARD_PHOTO = defineUploadPurpose({
  name: 'city-card-photo',
  maxBytes: ID_PHOTO.maxBytes,
  keepForMs: 400 * DAY_MS,
  accepts: ID_PHOTO.accepts,
});

/** A student card, a pensioner's ID, a disability certificate: scanned or photographed. */
export const CITY_CARD_PROOF = defineUploadPurpose({
  name: 'city-card-proof',
  maxBytes: 10 * 1024 * 1024,
  keepForMs: 400 * DAY_MS,
  accepts: ['application/pdf', 'image/jpeg', 'image/png'],
});
