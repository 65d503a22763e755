// The import on the staff's page (issue #21): a manager uploads the accounting system's CSV, the
// file is checked as it arrives (a dry run of the import, streamed from the upload), and a file
// without problems is kept (platform/uploads) for the manager to import with one button. The
// import books the kept file in one transaction that also marks it used, all or nothing; its
// rows are booked once by their external ids, so the same file uploaded again adds nothing.
// A file is found again only by the manager who uploaded it, at their tenant, for a day.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { DAY_MS } from '../../../platform/jobs/housekeeping.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { defineUploadPurpose } from '../../../platform/uploads/upload-purpose.ts';
import {
  markUploadUsed,
  storeUpload,
  uploadContent,
  uploadOf,
  type UploadOwner,
} from '../../../platform/uploads/uploads.repo.ts';
import type { StaffContext } from '../../staff/index.ts';
import {
  importEntriesIn,
  importHousingEntries,
  ImportRolledBack,
  type ImportReport,
} from './import-entries.service.ts';

/**
 * The accounting system's file: 100,000 rows of some 80 bytes fit several times over. Kept a
 * day: it is uploaded to be imported at once, and after that only its outcome is of interest,
 * which the audit log keeps for good.
 */
export const IMPORT_UPLOAD = defineUploadPurpose({
  name: 'housing-import',
  maxBytes: 25 * 1024 * 1024,
  keepForMs: DAY_MS,
  // Any bytes: the reader judges the text (its encoding, a spreadsheet's own format) and says
  // what is wrong with it by line, which says more than refusing the file here would.
  sniff: () => 'text/csv',
});

export interface ImportUploadDeps {
  db: Knex;
  clock: Clock;
}

/** What a kept file comes to: its good rows, those to add and those already in the ledger. */
export interface ImportCounts {
  rows: number;
  /** Entries the import adds (a dry run: would add). */
  booked: number;
  /** Rows an earlier import booked already. */
  alreadyBooked: number;
}

export type CheckOutcome = { kind: 'problems'; report: ImportReport } | { kind: 'kept'; uploadId: string };

const ownerOf = (context: StaffContext): UploadOwner => ({ kind: 'staff', staffId: context.actor.staffId });
const countsOf = ({ rows, booked, alreadyBooked }: ImportReport): ImportCounts => ({ rows, booked, alreadyBooked });

/**
 * Checks the uploaded file as its bytes arrive (a dry run); a file without problems is kept for
 * importing. `bytes` is the whole file once `content` has been read.
 */
export async function checkImportUpload(
  deps: ImportUploadDeps,
  context: StaffContext,
  upload: { fileName: string; content: AsyncIterable<Buffer>; bytes: () => Buffer },
): Promise<CheckOutcome> {
  const report = await importHousingEntries(deps, context, upload.content, { commit: false });
  if (report.problems.length > 0) return { kind: 'problems', report };
  const uploadId = await withTenant(deps.db, context.tenant.id, (trx) =>
    storeUpload(trx, IMPORT_UPLOAD, {
      owner: ownerOf(context),
      fileName: upload.fileName,
      mediaType: 'text/csv',
      content: upload.bytes(),
      outcome: countsOf(report),
      now: deps.clock.now(),
    }),
  );
  return { kind: 'kept', uploadId };
}

export interface KeptImport {
  id: string;
  fileName: string;
  uploadedAt: Date;
  /** Until imported: what the check found. Once imported: what the import did. */
  counts: ImportCounts;
  imported: boolean;
}

/** The manager's own kept file, or undefined (another's, another tenant's, purged, no such). */
export async function keptImport(
  deps: ImportUploadDeps,
  context: StaffContext,
  uploadId: string,
): Promise<KeptImport | undefined> {
  const upload = await withTenant(deps.db, context.tenant.id, (trx) =>
    uploadOf(trx, IMPORT_UPLOAD, uploadId, ownerOf(context)),
  );
  if (!upload) return undefined;
  return {
    id: upload.id,
    fileName: upload.fileName ?? '',
    uploadedAt: upload.createdAt,
    counts: upload.outcome as ImportCounts,
    imported: upload.usedAt !== null,
  };
}

export type CommitOutcome =
  | { kind: 'imported' }
  /** Imported before (a second click, another tab): nothing more is booked. */
  | { kind: 'importedBefore' }
  | { kind: 'notFound' }
  /** Something changed since the check (a premises' account): nothing is booked. */
  | { kind: 'problems'; report: ImportReport };

/** Books the kept file, all or nothing, and marks it used in the same transaction. */
export async function commitImportUpload(
  deps: ImportUploadDeps,
  context: StaffContext,
  uploadId: string,
): Promise<CommitOutcome> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx) => {
      const upload = await uploadOf(trx, IMPORT_UPLOAD, uploadId, ownerOf(context), { lock: true });
      if (!upload) return { kind: 'notFound' };
      if (upload.usedAt) return { kind: 'importedBefore' };
      const content = await uploadContent(trx, IMPORT_UPLOAD, uploadId);
      const report = await importEntriesIn(trx, context, chunksOf(content), { commit: true });
      await markUploadUsed(trx, IMPORT_UPLOAD, uploadId, { outcome: countsOf(report), now: deps.clock.now() });
      return { kind: 'imported' };
    });
  } catch (error) {
    if (error instanceof ImportRolledBack) return { kind: 'problems', report: error.report };
    throw error;
  }
}

/** The kept bytes in the reader's usual chunks. */
async function* chunksOf(content: Buffer): AsyncGenerator<Buffer> {
  for (let start = 0; start < content.length; start += 64 * 1024) yield content.subarray(start, start + 64 * 1024);
}
