// The housing import at 100,000 rows (issue #21; with the ledger part), on the ledger part's
// dataset: a file of charges for the full-history tenant's premises, in the accounting system's
// Polish dialect (windows-1250 would read the same: the reader decodes before it parses), booked
// by the import service as `housing:import --commit` books it (all or nothing, idempotent by
// external id), then a second time (it must book nothing). The tenant's accounts are settled
// first, untimed: the dataset's entries are COPYed without their allocations, and an account in
// use has been settled with every posting; left unsettled, the import's final settling would
// allocate ten years of payments at once, a backlog no real import meets. Beside it, the same
// rows COPYed bare into a table shaped like the ledger's, with its indexes: what loading the rows
// costs at the least, so the import's ratio to it says what checking, naming accounts and
// settling add.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { importHousingEntries, type ImportReport } from '../src/features/housing/import/import-entries.service.ts';
import { settleAccounts } from '../src/features/money/index.ts';
import { withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { copyIn } from './copy-in.ts';
import type { LedgerDataset } from './ledger-dataset.ts';
import { formatInt } from './report.ts';
import { atBenchTenant } from './sign-ins.ts';

export const IMPORT_ROWS = 100_000;
export const IMPORT_TARGET_SECONDS = 20;

export interface ImportFigures {
  rows: number;
  bytes: number;
  seconds: number;
  /** The same file again: seconds, and what it booked (nothing, or the import is wrong). */
  again: { seconds: number; booked: number };
  copySeconds: number;
  booked: number;
  problems: number;
}

/**
 * Months the charges go back: ten years, as the dataset's longest history. A small dataset has
 * few premises, so its rows wrap round to December 2025 again rather than reach back to years a
 * spreadsheet cannot write with four digits.
 */
const IMPORT_MONTHS = 120;

/** Charges for the tenant's premises (codes B-1…), a month each, December 2025 backwards. */
function importFile(premises: number, rows: number): Buffer {
  const lines = ['id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł'];
  for (let n = 0; n < rows; n++) {
    const month = Math.floor(n / premises) % IMPORT_MONTHS;
    const date = new Date(Date.UTC(2025, 11 - month, 1));
    const [year, m] = [date.getUTCFullYear(), String(date.getUTCMonth() + 1).padStart(2, '0')];
    // Written as a Polish spreadsheet writes them: "1 234,56" from a thousand up.
    const zloty = 100 + (n % 2_000);
    const grosze = String(n % 100).padStart(2, '0');
    const amount =
      zloty >= 1_000
        ? `${Math.floor(zloty / 1_000)} ${String(zloty % 1_000).padStart(3, '0')},${grosze}`
        : `${zloty},${grosze}`;
    lines.push(
      `IMP/${year}/${m}/${n + 1};B-${(n % premises) + 1};eksploatacja;naliczenie;01.${m}.${year};10.${m}.${year};${amount};Opłata za ${m}.${year}`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

async function* inChunks(file: Buffer): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < file.length; start += 64 * 1024) yield file.subarray(start, start + 64 * 1024);
}

/** The rows of the file as ledger rows, COPYed into a bare table shaped like ledger_entries. */
async function bareCopy(adminUrl: string, dataset: LedgerDataset, rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'okienko bench bare copy' });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE bare_entries (LIKE ledger_entries INCLUDING DEFAULTS INCLUDING INDEXES)');
    const { tenantId, accounts } = dataset.fullHistory;
    const lines = function* () {
      for (let n = 0; n < rows; n += 1_000) {
        const chunk: string[] = [];
        for (let k = n; k < Math.min(rows, n + 1_000); k++) {
          const account = accounts[k % accounts.length]!.accountId;
          chunk.push(
            `${tenantId},${randomUUID()},${account},charge,${10_000 + k},2026-01-01,2026-01-10,Opłata,IMP/${k}`,
          );
        }
        yield `${chunk.join('\n')}\n`;
      }
    };
    const began = performance.now();
    await copyIn(
      client,
      `COPY bare_entries (tenant_id, id, account_id, kind, amount, booked_on, due_on, title, external_id)
         FROM STDIN WITH (FORMAT csv)`,
      lines(),
    );
    return (performance.now() - began) / 1000;
  } finally {
    await client.end();
  }
}

export async function importPhase(
  adminUrl: string,
  appUrl: string,
  dataset: LedgerDataset,
  say: (line: string) => void,
): Promise<ImportFigures> {
  const file = importFile(dataset.fullHistory.accounts.length, IMPORT_ROWS);
  say(
    `\nImport: ${formatInt(IMPORT_ROWS)} rows (${(file.length / 1e6).toFixed(1)} MB) into ${dataset.fullHistory.slug}`,
  );
  const book = () =>
    atBenchTenant(appUrl, dataset.fullHistory.slug, async (db, tenant) => {
      const context = { tenant, actor: { kind: 'operator' as const }, requestId: `bench-import-${randomUUID()}` };
      const began = performance.now();
      const report: ImportReport = await importHousingEntries({ db }, context, inChunks(file), { commit: true });
      const seconds = (performance.now() - began) / 1000;
      // Counted as the tenant sees it, so a booking under the wrong tenant would show.
      const counted = await withTenant(db, tenant.id, (trx) =>
        trx('ledger_entries').whereLike('external_id', 'IMP/%').count<{ count: string }[]>({ count: '*' }),
      );
      return { report, seconds, inLedger: Number(counted[0]!.count) };
    });
  const settling = performance.now();
  await atBenchTenant(appUrl, dataset.fullHistory.slug, (db, tenant) =>
    withTenant(db, tenant.id, (trx) =>
      settleAccounts(
        trx,
        dataset.fullHistory.accounts.map((account) => account.accountId),
      ),
    ),
  );
  say(`  the tenant's accounts settled first (untimed): ${((performance.now() - settling) / 1000).toFixed(1)} s`);
  const first = await book();
  if (first.report.problems.length > 0 || first.inLedger !== IMPORT_ROWS) {
    throw new Error(
      `the import booked ${first.report.booked} (${first.inLedger} in the ledger) with ` +
        `${first.report.problems.length} problems: ${JSON.stringify(first.report.problems.slice(0, 3))}`,
    );
  }
  const again = await book();
  const copySeconds = await bareCopy(adminUrl, dataset, IMPORT_ROWS);
  say(
    `  booked ${formatInt(first.report.booked)} in ${first.seconds.toFixed(1)} s; the same file again ` +
      `${again.seconds.toFixed(1)} s, booking ${formatInt(again.report.booked)}; a bare COPY of the same rows ` +
      `${copySeconds.toFixed(1)} s`,
  );
  return {
    rows: first.report.rows,
    bytes: file.length,
    seconds: first.seconds,
    again: { seconds: again.seconds, booked: again.report.booked },
    copySeconds,
    booked: first.report.booked,
    problems: first.report.problems.length,
  };
}
