// Media settlements at the desk (issue #21, source 004): a manager books one, and its result is
// charged to the maintenance account (or refunded to it) as a ledger entry, audited with the
// settlement; a period that overlaps one of the same medium is refused, and so is what is typed
// wrong, each at its field, booking nothing; a clerk may not book; another tenant gets a 404.
import { describe, expect, it } from 'vitest';
import { balanceAsOf } from '../../src/features/money/index.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm } from '../support/forms.ts';
import { csrfTokenIn } from '../support/sessions.ts';
import { auditRows, desk, expectNotFoundAtAnotherTenant, rowsOf } from './desk-support.ts';

const db = useTestDatabase();

async function settlementsDesk() {
  const coop = await desk(db.current);
  const path = `/${coop.slug}/admin/premises/${coop.flat.id}/settlements`;
  const booked = () => rowsOf(db.current, coop.tenant.id, 'media_settlements', coop.flat.id);
  const balance = () =>
    withTenant(db.current.app, coop.tenant.id, (trx) =>
      balanceAsOf(trx, coop.flat.accounts.maintenance.id, '2026-12-31'),
    );
  const form = async () => formIn((await coop.manager.get(path).expect(200)).text, path);
  return { ...coop, path, booked, balance, form };
}

const WATER = {
  medium: 'water',
  periodFrom: '2026-01-01',
  periodTo: '2026-06-30',
  consumption: '45,5',
  cost: '600,00',
  advances: '540',
  settledOn: '2026-12-11',
  dueOn: '2026-12-31',
};

describe('media settlements at the desk', () => {
  it('book the result to pay as a charge, and a refund as a credit, audited', async () => {
    const coop = await settlementsDesk();
    const before = await coop.balance();
    const water = await postForm(coop.manager, await coop.form(), WATER);
    expect(water.headers.location).toBe(`${coop.path}?done=booked`);
    expect(await coop.balance()).toBe(before + 6_000);
    const heating = await postForm(coop.manager, await coop.form(), {
      ...WATER,
      medium: 'heating',
      periodFrom: '2025-09-01',
      periodTo: '2026-08-31',
      consumption: '12,345',
      cost: '100',
      advances: '250,00',
    });
    expect(heating.status).toBe(303);
    expect(await coop.balance()).toBe(before + 6_000 - 15_000);
    const rows = await coop.booked();
    expect(
      rows.map((row) => [row.medium, row.unit, Number(row.consumption_thousandths), row.entry_id !== null]),
    ).toEqual([
      ['water', 'm3', 45_500, true],
      ['heating', 'GJ', 12_345, true],
    ]);
    const page = visibleText((await coop.manager.get(`${coop.path}?done=booked`).expect(200)).text);
    expect(page).toContain('Rozliczenie zostało zaksięgowane.');
    expect(page).toContain('woda, od 1 stycznia 2026 do 30 czerwca 2026 Zużycie 45,500 m³');
    expect(page).toContain('Wynik do dopłaty 60,00 zł');
    expect(page).toContain('Zużycie 12,345 GJ');
    expect(page).toContain('Wynik zwrot 150,00 zł');
    const audits = await auditRows(db.current, coop.tenant.id, 'housing.settlement_recorded');
    expect(audits.map((audit) => (audit.changes as { result: [null, number] }).result)).toEqual([
      [null, 6_000],
      [null, -15_000],
    ]);
    expect(await auditRows(db.current, coop.tenant.id, 'money.charge_posted')).toHaveLength(1);
    expect(await auditRows(db.current, coop.tenant.id, 'money.allowance_posted')).toHaveLength(1);
    // The resident's overview lists both.
    const overview = visibleText((await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`)).text);
    expect(overview).toContain('do dopłaty 60,00 zł');
    expect(overview).toContain('zwrot 150,00 zł');
  });

  it('book one that comes out even without an entry, audited all the same', async () => {
    const coop = await settlementsDesk();
    const before = await coop.balance();
    await postForm(coop.manager, await coop.form(), { ...WATER, cost: '0', advances: '0,00' }).then((response) =>
      expect(response.status).toBe(303),
    );
    expect(await coop.balance()).toBe(before);
    expect((await coop.booked())[0]!.entry_id).toBeNull();
    expect(await auditRows(db.current, coop.tenant.id, 'housing.settlement_recorded')).toHaveLength(1);
  });

  it('refuse an overlapping period and what is typed wrong, at the field, booking nothing', async () => {
    const coop = await settlementsDesk();
    await postForm(coop.manager, await coop.form(), WATER);
    const before = { balance: await coop.balance(), booked: await coop.booked() };
    const form = await coop.form();
    const cases: [Record<string, string>, string[], string][] = [
      [
        { ...WATER, periodFrom: '2026-06-01', periodTo: '2026-11-30' },
        ['periodFrom'],
        'od 1 stycznia 2026 do 30 czerwca 2026 jest już zaksięgowane',
      ],
      [
        { ...WATER, consumption: '1,2345', periodFrom: '2026-07-01', periodTo: '2026-11-30' },
        ['consumption'],
        'najwyżej trzy cyfry po przecinku',
      ],
      [
        { ...WATER, consumption: '-3', periodFrom: '2026-07-01', periodTo: '2026-11-30' },
        ['consumption'],
        'nie może być ujemna',
      ],
      [{ ...WATER, cost: '', advances: '1,001' }, ['cost', 'advances'], 'Wpisz kwotę w złotych.'],
      [{ ...WATER, periodTo: '2025-12-31' }, ['periodTo'], 'nie może być wcześniejszy niż początkowy'],
      [
        { ...WATER, settledOn: '2026-06-29', dueOn: '2026-07-10' },
        ['settledOn'],
        'najwcześniej w ostatnim dniu okresu',
      ],
      [{ ...WATER, dueOn: '2026-12-10' }, ['dueOn'], 'Termin płatności nie może być wcześniejszy'],
      [{ ...WATER, medium: '' }, ['medium'], 'Wybierz, co jest rozliczane.'],
    ];
    for (const [fill, fields, message] of cases) {
      const { medium, ...typed } = fill;
      const refused = await postForm(coop.manager, form, medium ? fill : typed);
      expect([fields, refused.status]).toEqual([fields, 422]);
      expect(errorSummaryTargets(refused.text)).toEqual(fields);
      expect(visibleText(refused.text)).toContain(message);
    }
    expect({ balance: await coop.balance(), booked: await coop.booked() }).toEqual(before);
  });

  it('are a manager’s to book; another tenant’s premises is a 404', async () => {
    const coop = await settlementsDesk();
    const shown = await coop.clerk.get(coop.path).expect(200);
    expect(visibleText(shown.text)).not.toContain('Nowe rozliczenie');
    await coop.clerk
      .post(coop.path)
      .type('form')
      .send({ _csrf: csrfTokenIn(shown.text), ...WATER })
      .expect(403);
    await expectNotFoundAtAnotherTenant(db.current, coop.flat.id, 'settlements', { body: WATER });
    expect(await coop.booked()).toEqual([]);
  });
});
