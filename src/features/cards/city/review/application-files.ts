// The staff's reading of an application's files (issue #23): the holder's photo and the proof of
// a discount, by the upload the application names and the purpose it was stored for, whoever
// sent it (the applicant online, or a clerk entering a paper form). The platform's uploadOf reads
// a file for its sender only, so the review reads the uploads table itself, by id and purpose,
// in the tenant's transaction: another tenant's file, or one of another purpose, is not there,
// and one purged after its retention period is simply gone. What a response says the file is
// comes from its bytes (content-type.ts), never from what was declared when it was sent.
import type { Knex } from 'knex';
import { recognisedType, type RecognisedType } from '../../../../platform/uploads/content-type.ts';
import type { UploadPurpose } from '../../../../platform/uploads/upload-purpose.ts';
import { tenantRows } from '../../../../platform/tenancy/tenant-transaction.ts';

export interface ApplicationFile {
  content: Buffer;
  mediaType: RecognisedType;
}

export async function applicationFileOf(
  trx: Knex.Transaction,
  purpose: UploadPurpose,
  uploadId: string,
): Promise<ApplicationFile | undefined> {
  const row = await tenantRows(trx, 'uploads')
    .where({ id: uploadId, purpose: purpose.name })
    .first<{ content: Buffer } | undefined>('content');
  const mediaType = row && recognisedType(row.content);
  return row && mediaType && purpose.accepts?.includes(mediaType) ? { content: row.content, mediaType } : undefined;
}
