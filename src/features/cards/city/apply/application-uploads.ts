// The files of a city card application as a form sends them (issue #23): read by the upload
// layer for their purpose (platform/uploads/receive-upload.ts: judged by their bytes, never their
// name, and a 413 the moment one passes its limit, before anything is stored), then the photo
// checked and normalised (platform/images/id-photo.ts). What is wrong with a file comes back as
// the message its form says at the file's field; a file too large is thrown (UploadTooLarge)
// for the route to answer with a 413.
import type { Request } from 'express';
import { normaliseIdPhoto, ID_PHOTO } from '../../../../platform/images/id-photo.ts';
import { receiveUpload } from '../../../../platform/uploads/receive-upload.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../city-card-uploads.ts';

/** A message for the form, with what it names. */
export interface FileProblem {
  message: string;
  values?: Record<string, number>;
}

export type ReceivedPhoto =
  { kind: 'photo'; fileName: string; jpeg: Buffer } | { kind: 'problem'; problem: FileProblem };

/** The photo sent, normalised, or what is wrong with it. */
export async function receivedPhoto(req: Request): Promise<ReceivedPhoto> {
  const upload = await receiveUpload(req, CITY_CARD_PHOTO);
  if (upload.kind === 'none') return { kind: 'problem', problem: { message: 'cityApplication:photo.missing' } };
  if (upload.kind === 'refused') return { kind: 'problem', problem: { message: 'cityApplication:photo.notAnImage' } };
  const photo = await normaliseIdPhoto(await upload.whole());
  switch (photo.kind) {
    case 'normalised':
      return { kind: 'photo', fileName: upload.fileName, jpeg: photo.jpeg };
    case 'notAnImage':
      return { kind: 'problem', problem: { message: 'cityApplication:photo.notAnImage' } };
    case 'tooLarge':
      return { kind: 'problem', problem: { message: `cityApplication:photo.tooLarge.${photo.limit}` } };
    case 'tooSmall': {
      const values = {
        width: photo.width,
        height: photo.height,
        minWidth: ID_PHOTO.minWidth,
        minHeight: ID_PHOTO.minHeight,
      };
      return { kind: 'problem', problem: { message: 'cityApplication:photo.tooSmall', values } };
    }
    case 'wrongProportions':
      return { kind: 'problem', problem: { message: 'cityApplication:photo.wrongProportions' } };
  }
}

export type ReceivedProof =
  | { kind: 'proof'; fileName: string; mediaType: string; content: Buffer }
  | { kind: 'none' }
  | { kind: 'problem'; problem: FileProblem };

/** The proof document sent (PDF, JPEG or PNG by its bytes), none, or what is wrong with it. */
export async function receivedProof(req: Request): Promise<ReceivedProof> {
  const upload = await receiveUpload(req, CITY_CARD_PROOF);
  if (upload.kind === 'none') return { kind: 'none' };
  if (upload.kind === 'refused')
    return { kind: 'problem', problem: { message: 'cityApplication:discount.proofRefused' } };
  return { kind: 'proof', fileName: upload.fileName, mediaType: upload.mediaType, content: await upload.whole() };
}

/** The limits in whole megabytes, as the forms' hints and the 413 say them. */
export const PHOTO_MAX_MB = CITY_CARD_PHOTO.maxBytes / (1024 * 1024);
export const PROOF_MAX_MB = CITY_CARD_PROOF.maxBytes / (1024 * 1024);
