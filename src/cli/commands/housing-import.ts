// housing:import: ledger entries from a tenant's accounting system (docs/import-format.md), a
// dry run unless --commit is given. The whole file or nothing: every bad row is listed with its
// line, and then nothing is booked; booked once, the same file again books nothing more.
import { open } from 'node:fs/promises';
import { importHousingEntries, type ImportReport } from '../../features/housing/import/import-entries.service.ts';
import { CliError, defineCommand } from './command.ts';
import { atTenant, TENANT_OPTION } from './staff-command.ts';

export const housingImport = defineCommand({
  name: 'housing:import',
  summary: "Import ledger entries from a housing tenant's accounting system (CSV)",
  details: [
    'Reads the file as docs/import-format.md describes it (UTF-8 or windows-1250, ";" or ","),',
    'checks every row and lists every bad one with its line. Without --commit nothing is booked:',
    'the report says what would be. With --commit the file is booked in one transaction, all or',
    'nothing; rows an earlier import booked (the same external id) are skipped.',
  ],
  options: {
    tenant: { ...TENANT_OPTION.tenant, description: 'The housing tenant whose ledger the entries go to' },
    file: { type: 'string', required: true, value: '<path>', description: 'The CSV file from the accounting system' },
    commit: { type: 'boolean', description: 'Book the entries (without it: a dry run)' },
  },
  examples: [
    'npm run okienko -- housing:import --tenant sm-sloneczna --file entries.csv',
    'npm run okienko -- housing:import --tenant sm-sloneczna --file entries.csv --commit',
  ],

  async run({ options, io, print }) {
    // Opened before anything connects, so a path mistyped is said plainly.
    const file = await open(options.file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${options.file}: ${error.code ?? error.message}`);
    });
    const report = await atTenant(io, { slug: options.tenant, job: 'housing:import' }, ({ deps, context }) =>
      importHousingEntries(deps, context, file.createReadStream(), {
        commit: options.commit,
        onProgress: (rows) => io.stderr.write(`${rows} rows read…\n`),
      }),
    ).finally(() => file.close());
    for (const line of describe(report)) print(line);
    if (report.problems.length > 0)
      throw new CliError(`nothing was booked: ${report.problems.length} problem(s) above`);
  },
});

function describe(report: ImportReport): string[] {
  const problems = report.problems.map((problem) =>
    problem.kind === 'error'
      ? `line ${problem.line}${problem.field ? ` (${problem.field})` : ''}: ${problem.problem}${problem.firstLine ? `, first on line ${problem.firstLine}` : ''}`
      : `file: ${problem.problem}${problem.column ? ` (${problem.column})` : ''}${problem.line ? ` at line ${problem.line}` : ''}`,
  );
  if (problems.length > 0) return problems;
  const verb = report.committed ? 'booked' : 'would be booked (dry run: add --commit to book them)';
  return [`${report.rows} rows read: ${report.booked} ${verb}, ${report.alreadyBooked} booked before.`];
}
