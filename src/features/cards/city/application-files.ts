// The files of a city card application (issue #23) read back: the holder's photo, for the two
// who may see it. The applicant sees their own application's photo (whether they or a clerk at
// the counter uploaded it): the card must be theirs, or it is not found, as another tenant's is.
// Staff see any application's photo of their tenant, the caller having judged the member of
// staff's permission (the review's, the counter's). Both read the stored, normalised JPEG
// (normaliseIdPhoto), never the file as it was sent.
import type { Knex } from 'knex';
import { storedFileOf } from '../../../platform/uploads/uploads.repo.ts';
import { cardById } from '../cards.repo.ts';
import { applicationOfCard } from './city-card-applications.repo.ts';
import { CITY_CARD_PHOTO } from './city-card-uploads.ts';

export interface ApplicationPhoto {
  mediaType: string;
  content: Buffer;
}

/** The photo of the card's application, for staff; undefined when there is none (or no such card). */
export async function applicationPhoto(trx: Knex.Transaction, cardId: string): Promise<ApplicationPhoto | undefined> {
  const application = await applicationOfCard(trx, cardId);
  if (!application?.photoUploadId) return undefined;
  return storedFileOf(trx, CITY_CARD_PHOTO, application.photoUploadId);
}

/** The photo of the card's application, for the client who applied for it; undefined for anyone else. */
export async function ownApplicationPhoto(
  trx: Knex.Transaction,
  clientId: string,
  cardId: string,
): Promise<ApplicationPhoto | undefined> {
  const card = await cardById(trx, cardId);
  if (card?.clientId !== clientId) return undefined;
  return applicationPhoto(trx, cardId);
}
