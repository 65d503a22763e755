// Importing entries from the accounting system into the ledger (issue #21): a dry run books
// nothing and says what would be; a commit books each row once (the same file twice books
// nothing more) and settles the accounts; one bad row anywhere, even at line 99,999 of
// 100,000, books nothing and the report names its line; a premises the tenant does not have is
// such a row; a windows-1250 file keeps its Polish letters.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { balanceAsOf } from '../../src/features/money/index.ts';
import { importHousingEntries } from '../../src/features/housing/import/import-entries.service.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative, type Cooperative } from './housing-support.ts';

const db = useTestDatabase();

/** The test that books 100,000 rows and rolls them back: seconds when idle, more on a busy machine. */
const HEAVY = { timeout: 300_000 };

const HEADER = 'id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł\r\n';

const operator = (coop: Cooperative): ServiceContext => ({
  tenant: coop.tenant,
  actor: { kind: 'operator' },
  requestId: 'import',
});

async function* chunks(text: string | Buffer): AsyncGenerator<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let start = 0; start < bytes.length; start += 65_536) yield bytes.subarray(start, start + 65_536);
}

const entriesOf = (coop: Cooperative) =>
  withTenant(db.current.app, coop.tenant.id, (trx) =>
    tenantRows(trx, 'ledger_entries')
      .whereNotNull('external_id')
      .orderBy('external_id')
      .select('external_id', 'amount', 'title'),
  );

describe('importing entries from the accounting system', () => {
  it('books nothing on a dry run, books each row once on commit, and settles the account', async () => {
    const coop = await cooperative(db.current);
    const code = coop.piotrsFlat.code;
    const file =
      HEADER +
      `FK/1;${code};eksploatacja;naliczenie;2026-11-01;10.11.2026;"1 234,56";Opłaty 11/2026\r\n` +
      `FK/2;${code};eksploatacja;wpłata;05.11.2026;;1000,00;Wpłata\r\n` +
      `FK/3;${code};fundusz_remontowy;charge;2026-11-01;2026-11-10;100.00;Fundusz remontowy\r\n`;
    const dry = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(file), { commit: false });
    expect(dry).toEqual({ rows: 3, booked: 3, alreadyBooked: 0, problems: [], committed: false });
    expect(await entriesOf(coop)).toEqual([]);

    const done = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(file), { commit: true });
    expect(done).toEqual({ rows: 3, booked: 3, alreadyBooked: 0, problems: [], committed: true });
    expect(await entriesOf(coop)).toEqual([
      { external_id: 'FK/1', amount: '123456', title: 'Opłaty 11/2026' },
      { external_id: 'FK/2', amount: '-100000', title: 'Wpłata' },
      { external_id: 'FK/3', amount: '10000', title: 'Fundusz remontowy' },
    ]);
    const maintenance = coop.piotrsFlat.accounts.maintenance.id;
    const { balance, allocated } = await withTenant(db.current.app, coop.tenant.id, async (trx) => ({
      balance: await balanceAsOf(trx, maintenance, '2026-12-31'),
      allocated: await tenantRows(trx, 'ledger_allocations')
        .where({ account_id: maintenance })
        .sum({ sum: 'amount' })
        .first(),
    }));
    expect(balance).toBe(23_456);
    expect(Number(allocated!.sum)).toBe(100_000);

    const again = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(file), { commit: true });
    expect(again).toEqual({ rows: 3, booked: 0, alreadyBooked: 3, problems: [], committed: true });
    expect(await entriesOf(coop)).toHaveLength(3);
  });

  it('books nothing when one row of 100,000 is wrong, and names its line', HEAVY, async () => {
    const coop = await cooperative(db.current);
    const code = coop.piotrsFlat.code;
    const lines = [HEADER];
    for (let line = 2; line <= 100_001; line += 1) {
      const amount = line === 99_999 ? '12,345' : '10,00';
      lines.push(`R${line};${code};eksploatacja;naliczenie;2026-11-01;2026-11-10;${amount};Opłata ${line}\r\n`);
    }
    const report = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(lines.join('')), {
      commit: true,
    });
    expect(report.problems).toEqual([{ kind: 'error', line: 99_999, field: 'amount', problem: 'badAmount' }]);
    expect([report.booked, report.committed]).toEqual([0, false]);
    expect(await entriesOf(coop)).toEqual([]);
    // A whole file booked and rolled back: seconds on an idle machine, far more on a busy one.
  });

  it('reports a premises the tenant does not have, and reads a windows-1250 file', async () => {
    const coop = await cooperative(db.current);
    const wrong = HEADER + 'X/1;NO-SUCH;eksploatacja;naliczenie;2026-11-01;2026-11-10;10,00;Opłata\r\n';
    const refused = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(wrong), { commit: true });
    expect(refused.problems).toEqual([{ kind: 'error', line: 2, field: 'premises', problem: 'unknownPremises' }]);
    const title = 'Zaliczka c.o. – źródło ciepła, łączność, ŻÓŁW';
    const cp1250 = iconv.encode(
      `${HEADER}W/1;${coop.piotrsFlat.code};eksploatacja;naliczenie;2026-11-01;2026-11-10;10,00;${title.replace('–', '-')}\r\n`,
      'windows-1250',
    );
    const read = await importHousingEntries({ db: db.current.app }, operator(coop), chunks(cp1250), { commit: true });
    expect(read.problems).toEqual([]);
    expect((await entriesOf(coop))[0]!.title).toBe(title.replace('–', '-'));
  });
});
