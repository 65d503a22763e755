// The uploads table (migration 20261214000900): files kept in the tenant's database for the
// feature that asked for them. Every read names the purpose and the owner, so a file is found
// only by the feature whose purpose it is, for the member of staff or the client who sent it;
// another tenant's, another person's or another purpose's file is simply not there. The
// content is read only when asked for (a page about the file needs none of it).
import type { Knex } from 'knex';
import { deleteInBatches, type Purge } from '../jobs/housekeeping.ts';
import { tenantRows } from '../tenancy/tenant-transaction.ts';
import type { UploadPurpose } from './upload-purpose.ts';

export type UploadOwner = { kind: 'staff'; staffId: string } | { kind: 'client'; clientId: string };

export interface StoredUpload {
  id: string;
  fileName: string | null;
  mediaType: string;
  size: number;
  createdAt: Date;
  /** When the owning feature used it (an import committed); null until then. */
  usedAt: Date | null;
  /** The owning feature's note of what it found in the file, and then of what it did with it. */
  outcome: unknown;
}

const ownerColumns = (owner: UploadOwner) =>
  owner.kind === 'staff' ? { staff_id: owner.staffId } : { client_id: owner.clientId };

export async function storeUpload(
  trx: Knex.Transaction,
  purpose: UploadPurpose,
  upload: { owner: UploadOwner; fileName: string; mediaType: string; content: Buffer; outcome?: unknown; now: Date },
): Promise<string> {
  const [row] = await trx('uploads')
    .insert({
      purpose: purpose.name,
      ...ownerColumns(upload.owner),
      file_name: upload.fileName.slice(0, 255),
      media_type: upload.mediaType,
      size: upload.content.length,
      content: upload.content,
      outcome: upload.outcome === undefined ? null : JSON.stringify(upload.outcome),
      created_at: upload.now,
    })
    .returning<{ id: string }[]>('id');
  return row!.id;
}

interface UploadRow {
  id: string;
  file_name: string | null;
  media_type: string;
  size: number;
  created_at: Date;
  used_at: Date | null;
  outcome: unknown;
}

/**
 * The owner's file of this purpose, or undefined. `lock` takes the row for the rest of the
 * transaction, so that two requests using the same file use it one after the other.
 */
export async function uploadOf(
  trx: Knex.Transaction,
  purpose: UploadPurpose,
  id: string,
  owner: UploadOwner,
  { lock = false }: { lock?: boolean } = {},
): Promise<StoredUpload | undefined> {
  const query = tenantRows(trx, 'uploads')
    .where({ id, purpose: purpose.name, ...ownerColumns(owner) })
    .first<UploadRow | undefined>('id', 'file_name', 'media_type', 'size', 'created_at', 'used_at', 'outcome');
  const row = await (lock ? query.forUpdate() : query);
  if (!row) return undefined;
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    createdAt: row.created_at,
    usedAt: row.used_at,
    outcome: row.outcome,
  };
}

/** The file's bytes (of an upload already found by uploadOf, in the same transaction). */
export async function uploadContent(trx: Knex.Transaction, purpose: UploadPurpose, id: string): Promise<Buffer> {
  const row = await tenantRows(trx, 'uploads')
    .where({ id, purpose: purpose.name })
    .first<{ content: Buffer } | undefined>('content');
  if (!row) throw new Error(`upload ${id} is gone`);
  return row.content;
}

/**
 * The file of this purpose with its bytes, whoever sent it, or undefined (purged, or none): for a
 * feature that has already judged who may see it by what the file is attached to (an e-card
 * application's photo, shown to its applicant whether they or a clerk sent it).
 */
export async function storedFileOf(
  trx: Knex.Transaction,
  purpose: UploadPurpose,
  id: string,
): Promise<{ mediaType: string; content: Buffer } | undefined> {
  const row = await tenantRows(trx, 'uploads')
    .where({ id, purpose: purpose.name })
    .first<{ media_type: string; content: Buffer } | undefined>('media_type', 'content');
  return row ? { mediaType: row.media_type, content: row.content } : undefined;
}

/** Marks the file used, with what the feature did with it: it is not used again. */
export async function markUploadUsed(
  trx: Knex.Transaction,
  purpose: UploadPurpose,
  id: string,
  { outcome, now }: { outcome: unknown; now: Date },
): Promise<void> {
  await tenantRows(trx, 'uploads')
    .where({ id, purpose: purpose.name })
    .whereNull('used_at')
    .update({ used_at: now, outcome: JSON.stringify(outcome) });
}

/** The worker's purge of the purpose's files older than it keeps them (the manifest's purges). */
export function purgeOfUploads(purpose: UploadPurpose): Purge {
  return (db: Knex, now: Date) =>
    deleteInBatches(
      db,
      `DELETE FROM uploads WHERE (tenant_id, id) IN (
         SELECT tenant_id, id FROM uploads WHERE purpose = ? AND created_at < ? LIMIT ?)`,
      [purpose.name, new Date(now.getTime() - purpose.keepForMs)],
    );
}
