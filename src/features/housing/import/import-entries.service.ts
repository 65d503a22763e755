// Importing ledger entries from the accounting system (issue #21): the whole file in one
// transaction of the tenant's, all or nothing. Each row is checked as it streams in (the reader,
// read-entries.ts) and named to the premises' account of its fund; good rows are booked in
// batches while no error has been seen, and every error is collected with its line. Any error,
// or a dry run, rolls the transaction back: nothing is booked, and the report says why. A row
// whose external id an earlier import booked is skipped, so the same file twice books once.
// The accounts that got entries are settled once at the end; the import is audited. The CLI
// runs it on a file (importHousingEntries); the staff's page on an upload, in a transaction of
// its own that also marks the upload used (importEntriesIn).
import type { Knex } from 'knex';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { accountsHeldBy, importEntries, settleAccounts, type EntryToImport } from '../../money/index.ts';
import { premisesIdsByCode } from '../premises.repo.ts';
import type { FileError, ImportRow, RowError } from './import.types.ts';
import { readEntries } from './read-entries.ts';

/** Rows booked a statement: large enough to keep round trips few, small enough to stay cheap. */
const BATCH_ROWS = 1_000;

export interface ImportReport {
  /** Good rows read. */
  rows: number;
  /** Entries booked now (on a dry run: that would be booked); 0 when anything was wrong. */
  booked: number;
  /** Good rows an earlier import had booked already (0 when anything was wrong). */
  alreadyBooked: number;
  problems: (RowError | FileError)[];
  committed: boolean;
}

/** Thrown out of the transaction to roll it back, carrying what the import found. */
export class ImportRolledBack extends Error {
  readonly report: ImportReport;

  constructor(report: ImportReport) {
    super('import rolled back');
    this.report = report;
  }
}

export interface ImportOptions {
  commit: boolean;
  onProgress?: (rows: number) => void;
}

export async function importHousingEntries(
  deps: { db: Knex },
  context: ServiceContext,
  source: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportReport> {
  try {
    return await withTenant(deps.db, context.tenant.id, (trx) => importEntriesIn(trx, context, source, options));
  } catch (error) {
    if (error instanceof ImportRolledBack) return error.report;
    throw error;
  }
}

/**
 * The import in the caller's transaction (the staff's page locks the upload it books in the
 * same one). Returns the report of a commit; throws ImportRolledBack, with the report, when
 * nothing may stay: a problem, or a dry run.
 */
export async function importEntriesIn(
  trx: Knex.Transaction,
  context: ServiceContext,
  source: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const accountOf = await accountsByPremisesCode(trx);
  const report: ImportReport = { rows: 0, booked: 0, alreadyBooked: 0, problems: [], committed: false };
  const touched = new Set<string>();
  let batch: EntryToImport[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const booked = await importEntries(trx, batch);
    report.booked += booked;
    report.alreadyBooked += batch.length - booked;
    batch = [];
  };
  for await (const item of readEntries(source)) {
    if (item.kind !== 'row') {
      report.problems.push(item);
      continue;
    }
    const accountId = accountOf.get(item.row.premises)?.get(item.row.fund);
    if (!accountId) {
      const problem = accountOf.has(item.row.premises) ? 'noAccountForFund' : 'unknownPremises';
      report.problems.push({
        kind: 'error',
        line: item.row.line,
        field: problem === 'unknownPremises' ? 'premises' : 'fund',
        problem,
      });
      continue;
    }
    report.rows += 1;
    if (report.rows % 10_000 === 0) options.onProgress?.(report.rows);
    // Once something is wrong nothing will be booked: the rest is only read for its errors.
    if (report.problems.length > 0) continue;
    batch.push(entryOf(item.row, accountId));
    touched.add(accountId);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  if (report.problems.length > 0) throw new ImportRolledBack({ ...report, booked: 0, alreadyBooked: 0 });
  if (!options.commit) throw new ImportRolledBack(report);
  await settleAccounts(trx, touched);
  await recordAudit(trx, context, {
    action: 'housing.entries_imported',
    subject: { kind: 'tenant', id: context.tenant.id },
    changes: { booked: [null, report.booked], alreadyBooked: [null, report.alreadyBooked] },
  });
  return { ...report, committed: true };
}

/** The premises' accounts by the premises' code and the fund (the account's kind). */
async function accountsByPremisesCode(trx: Knex.Transaction): Promise<Map<string, Map<string, string>>> {
  const byId = new Map<string, Map<string, string>>();
  for (const account of await accountsHeldBy(trx, 'premises')) {
    const funds = byId.get(account.ownerId) ?? new Map<string, string>();
    funds.set(account.kind, account.id);
    byId.set(account.ownerId, funds);
  }
  const byCode = new Map<string, Map<string, string>>();
  for (const [code, id] of await premisesIdsByCode(trx)) byCode.set(code, byId.get(id) ?? new Map());
  return byCode;
}

/** The ledger's sign convention applied: what is paid or allowed is stored below zero. */
function entryOf(row: ImportRow, accountId: string): EntryToImport {
  const credit = row.kind === 'payment' || row.kind === 'allowance';
  return {
    accountId,
    externalId: row.externalId,
    kind: row.kind,
    amount: credit ? -row.amount : row.amount,
    bookedOn: row.bookedOn,
    dueOn: row.dueOn,
    title: row.title,
  };
}
