// housing:import as an operator runs it: a dry run that books nothing, a commit that books the
// file once, a bad row listed by its line with nothing booked (exit 1), a file that is not there.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative } from '../housing/housing-support.ts';
import { cliEnv, okienko } from './cli-harness.ts';

const db = useTestDatabase();

function csvFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'okienko-import-')), 'entries.csv');
  writeFileSync(file, text);
  return file;
}

describe('housing:import', () => {
  it('runs dry unless told to commit, books once, and refuses a file with a bad row', async () => {
    const coop = await cooperative(db.current);
    const env = cliEnv(db.current);
    const code = coop.piotrsFlat.code;
    const good = csvFile(
      'external_id;premises;fund;kind;booked_on;due_on;amount;title\n' +
        `C/1;${code};maintenance;charge;2026-11-01;2026-11-10;250,00;Opłaty 11/2026\n` +
        `C/2;${code};maintenance;payment;2026-11-05;;250,00;Wpłata\n`,
    );
    const booked = () =>
      withTenant(db.current.app, coop.tenant.id, (trx) =>
        tenantRows(trx, 'ledger_entries').whereNotNull('external_id').pluck('external_id'),
      );
    const dry = await okienko(['housing:import', '--tenant', coop.slug, '--file', good], env);
    expect([dry.code, dry.stdout.trim()]).toEqual([
      0,
      '2 rows read: 2 would be booked (dry run: add --commit to book them), 0 booked before.',
    ]);
    expect(await booked()).toEqual([]);
    const done = await okienko(['housing:import', '--tenant', coop.slug, '--file', good, '--commit'], env);
    expect([done.code, done.stdout.trim()]).toEqual([0, '2 rows read: 2 booked, 0 booked before.']);
    const again = await okienko(['housing:import', '--tenant', coop.slug, '--file', good, '--commit'], env);
    expect(again.stdout.trim()).toBe('2 rows read: 0 booked, 2 booked before.');
    expect((await booked()).sort()).toEqual(['C/1', 'C/2']);

    const bad = csvFile(
      'external_id;premises;fund;kind;booked_on;due_on;amount;title\n' +
        `B/1;${code};maintenance;charge;2026-11-01;2026-11-10;250,00;Opłaty\n` +
        `B/2;NO-SUCH;maintenance;charge;2026-11-01;2026-11-10;1e3;Opłaty\n`,
    );
    const refused = await okienko(['housing:import', '--tenant', coop.slug, '--file', bad, '--commit'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('line 3 (amount): badAmount');
    expect(refused.stderr).toContain('nothing was booked');
    expect((await booked()).sort()).toEqual(['C/1', 'C/2']);

    const missing = await okienko(['housing:import', '--tenant', coop.slug, '--file', '/nonexistent/entries.csv'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('entries.csv');
  });
});
