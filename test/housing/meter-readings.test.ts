// Meter readings (issue #21): a clerk records what a meter showed, audited; a reading lower than
// the meter's one before is refused unless it is a new meter's first, and one higher than the
// one after; what is typed wrong is said at its field and records nothing; the resident's
// overview shows each meter's readings (newest first) only of the days their right covers, and
// another resident, of this tenant or another, gets a 404. The table's walls: another tenant's
// rows unseen, no row pointing at another tenant's premises, no UPDATE or DELETE for the app.
import { describe, expect, it } from 'vitest';
import { insertReading } from '../../src/features/housing/meters/meter-readings.repo.ts';
import type { MeterReading } from '../../src/features/housing/meters/meter-readings.types.ts';
import { insertBuilding, insertPremises } from '../../src/features/housing/premises.repo.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { expectSqlState, FOREIGN_KEY_VIOLATION, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm } from '../support/forms.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { auditRows, desk, expectNotFoundAtAnotherTenant, rowsOf } from './desk-support.ts';
import { clock, formerResident } from './housing-support.ts';

const db = useTestDatabase();

async function metersDesk() {
  const coop = await desk(db.current);
  const path = `/${coop.slug}/admin/premises/${coop.flat.id}/meters`;
  const readings = () => rowsOf(db.current, coop.tenant.id, 'meter_readings', coop.flat.id);
  const form = async () => formIn((await coop.clerk.get(path).expect(200)).text, path);
  return { ...coop, path, readings, form };
}

/** A row of a meter's table as it reads, each cell with its label. */
const readingRow = (day: string, value: string, used: string, unit = 'm³') =>
  `Data odczytu ${day} Stan (${unit}) ${value} Zużycie od poprzedniego odczytu (${unit}) ${used}`;

const COLD = { kind: 'water_cold', meterNumber: 'WZ-1001' };

describe('meter readings at the desk', () => {
  it('are recorded by a clerk, audited, and listed per meter, newest first, with what was used', async () => {
    const coop = await metersDesk();
    expect(visibleText((await coop.clerk.get(`/${coop.slug}/admin/premises/${coop.flat.id}`)).text)).toContain(
      'Odczyty liczników',
    );
    for (const [readOn, value] of [
      ['2026-06-30', '12,345'],
      ['2026-12-10', '20.5'],
    ] as const) {
      const recorded = await postForm(coop.clerk, await coop.form(), { ...COLD, readOn, value });
      expect(recorded.headers.location).toBe(`${coop.path}?done=recorded`);
    }
    await postForm(coop.clerk, await coop.form(), {
      kind: 'heat',
      meterNumber: 'C-7',
      readOn: '2026-12-10',
      value: '3,2',
    });
    const page = visibleText((await coop.clerk.get(`${coop.path}?done=recorded`).expect(200)).text);
    expect(page).toContain('Odczyt został zapisany.');
    expect(page).toContain(
      `Wodomierz wody zimnej, nr WZ-1001 Data odczytu Stan (m³) Zużycie od poprzedniego odczytu (m³) ${readingRow('10 grudnia 2026', '20,500', '8,155')} ${readingRow('30 czerwca 2026', '12,345', '–')}`,
    );
    expect(page).toContain(`Ciepłomierz, nr C-7`);
    expect(page).toContain(readingRow('10 grudnia 2026', '3,200', '–', 'GJ'));
    expect((await coop.readings()).map((row) => Number(row.value_thousandths))).toEqual([12_345, 20_500, 3_200]);
    const audits = await auditRows(db.current, coop.tenant.id, 'housing.meter_reading_recorded');
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ actor_role: 'clerk', subject_id: coop.flat.id });
    expect(audits[0]!.changes).toMatchObject({ meterNumber: [null, 'WZ-1001'], valueThousandths: [null, 12_345] });
  });

  it('refuse a reading below the one before, unless it is a new meter’s, and above the one after', async () => {
    const coop = await metersDesk();
    await postForm(coop.clerk, await coop.form(), { ...COLD, readOn: '2026-06-30', value: '12,345' });
    await postForm(coop.clerk, await coop.form(), { ...COLD, readOn: '2026-12-10', value: '20,5' });
    const form = await coop.form();
    const lower = await postForm(coop.clerk, form, { ...COLD, readOn: '2026-12-11', value: '19' });
    expect(lower.status).toBe(422);
    expect(errorSummaryTargets(lower.text)).toEqual(['value']);
    expect(visibleText(lower.text)).toContain('niższy niż poprzedni odczyt tego licznika (20,500, 10 grudnia 2026)');
    const higher = await postForm(coop.clerk, form, { ...COLD, readOn: '2026-09-30', value: '25' });
    expect(errorSummaryTargets(higher.text)).toEqual(['value']);
    expect(visibleText(higher.text)).toContain('wyższy niż późniejszy odczyt tego licznika (20,500, 10 grudnia 2026)');
    expect(await coop.readings()).toHaveLength(2);
    // Between the two, it fits; a new meter's first reading may start again from nought.
    expect((await postForm(coop.clerk, form, { ...COLD, readOn: '2026-09-30', value: '15' })).status).toBe(303);
    const replaced = await postForm(coop.clerk, form, { ...COLD, readOn: '2026-12-11', value: '0', replacement: true });
    expect(replaced.status).toBe(303);
    const page = visibleText((await coop.clerk.get(coop.path).expect(200)).text);
    expect(page).toContain(readingRow('11 grudnia 2026', '0,000 (nowy licznik)', '–'));
    expect(page).toContain(readingRow('10 grudnia 2026', '20,500', '5,500'));
  });

  it('refuse what is typed wrong, a day to come and a second reading of a day, at the field', async () => {
    const coop = await metersDesk();
    await postForm(coop.clerk, await coop.form(), { ...COLD, readOn: '2026-12-10', value: '20,5' });
    const form = await coop.form();
    const cases: [Record<string, string>, string[], string][] = [
      [{ ...COLD, readOn: '2026-12-10', value: '21' }, ['readOn'], 'ma już odczyt z tego dnia'],
      [{ ...COLD, readOn: '2026-12-12', value: '21' }, ['readOn'], 'nie może mieć daty z przyszłości'],
      [{ ...COLD, readOn: '2026-12-11', value: '21,0001' }, ['value'], 'najwyżej trzy cyfry po przecinku'],
      [{ ...COLD, readOn: '2026-12-11', value: 'dużo' }, ['value'], 'Wpisz wartość jako liczbę'],
      [
        { meterNumber: ' ', readOn: '11.12.2026', value: '' },
        ['kind', 'meterNumber', 'readOn', 'value'],
        'Wybierz licznik.',
      ],
      [
        { ...COLD, meterNumber: 'W'.repeat(31), readOn: '2026-12-11', value: '21' },
        ['meterNumber'],
        'najwyżej 30 znaków',
      ],
    ];
    for (const [fill, fields, message] of cases) {
      const refused = await postForm(coop.clerk, form, fill);
      expect([fields, refused.status]).toEqual([fields, 422]);
      expect(errorSummaryTargets(refused.text)).toEqual(fields);
      expect(visibleText(refused.text)).toContain(message);
    }
    expect(await coop.readings()).toHaveLength(1);
    expect(await auditRows(db.current, coop.tenant.id, 'housing.meter_reading_recorded')).toHaveLength(1);
  });

  it('are a 404 for another tenant’s staff', async () => {
    const coop = await metersDesk();
    await expectNotFoundAtAnotherTenant(db.current, coop.flat.id, 'meters', {
      body: { ...COLD, readOn: '2026-12-10', value: '1' },
    });
    expect(await coop.readings()).toEqual([]);
  });
});

describe('meter readings on the resident’s overview', () => {
  const reading = (readOn: string, value: number): Omit<MeterReading, 'id'> => ({
    kind: 'water_hot',
    number: 'WC-55',
    readOn,
    valueThousandths: value,
    replacement: false,
  });

  it('show each meter’s readings of the days the right covers, and nobody else’s', async () => {
    const coop = await metersDesk();
    await withTenant(db.current.app, coop.tenant.id, async (trx) => {
      for (const [day, value] of [
        ['2025-12-31', 1_000],
        ['2026-02-28', 2_000],
        ['2026-04-30', 3_500],
        ['2026-06-30', 4_000],
        ['2026-08-31', 6_000],
      ] as const) {
        await insertReading(trx, coop.flat.id, reading(day, value));
      }
    });
    const overview = `/${coop.slug}/premises/${coop.flat.id}`;
    // Anna's right runs from 1 January 2026: the reading of 31 December 2025 is not hers.
    const anna = visibleText((await coop.annaBrowser.get(overview).expect(200)).text);
    expect(anna).toContain('Odczyty liczników Wodomierz wody ciepłej, nr WC-55');
    expect(anna).toContain(
      `${readingRow('31 sierpnia 2026', '6,000', '2,000')} ${readingRow('30 czerwca 2026', '4,000', '0,500')} ${readingRow('30 kwietnia 2026', '3,500', '1,500')} ${readingRow('28 lutego 2026', '2,000', '–')}`,
    );
    expect(anna).not.toContain('31 grudnia 2025');
    // The former resident's right ran from March to June.
    const former = visibleText((await (await formerResident(db.current, coop)).get(overview).expect(200)).text);
    expect(former).toContain(
      `${readingRow('30 czerwca 2026', '4,000', '0,500')} ${readingRow('30 kwietnia 2026', '3,500', '–')}`,
    );
    expect(former).not.toContain('28 lutego 2026');
    expect(former).not.toContain('31 sierpnia 2026');
    // Another resident of the cooperative, and a resident of another tenant: no such premises.
    await coop.piotrBrowser.get(overview).expect(404);
    const other = await staffPortal(db.current, clock);
    const stranger = await createActiveClient(db.current.app, other.tenant.id);
    const strangerBrowser = newAgent(other.app);
    await signInAs(strangerBrowser, other.slug, stranger);
    await strangerBrowser.get(`/${other.slug}/premises/${coop.flat.id}`).expect(404);
    // Piotr's own flat has no readings: no section.
    const piotr = visibleText((await coop.piotrBrowser.get(`/${coop.slug}/premises/${coop.piotrsFlat.id}`)).text);
    expect(piotr).not.toContain('Odczyty liczników');
  });
});

describe('the meter_readings table’s walls', () => {
  it('hide another tenant’s rows, refuse a row on another tenant’s premises, and take no UPDATE or DELETE', async () => {
    const coop = await metersDesk();
    await withTenant(db.current.app, coop.tenant.id, (trx) =>
      insertReading(trx, coop.flat.id, {
        kind: 'heat',
        number: 'C-1',
        readOn: '2026-12-01',
        valueThousandths: 5,
        replacement: false,
      }),
    );
    const other = await staffPortal(db.current, clock);
    const seen = await withTenant(db.current.app, other.tenant.id, (trx) => tenantRows(trx, 'meter_readings').select());
    expect(seen).toEqual([]);
    // Inside the other tenant, the cooperative's premises is not there to point at.
    await expectSqlState(
      withTenant(db.current.app, other.tenant.id, (trx) =>
        insertReading(trx, coop.flat.id, {
          kind: 'heat',
          number: 'C-1',
          readOn: '2026-12-02',
          valueThousandths: 6,
          replacement: false,
        }),
      ),
      FOREIGN_KEY_VIOLATION,
    );
    // Its own premises is, and the reading stays its own.
    const ownPremises = await withTenant(db.current.app, other.tenant.id, async (trx) => {
      const buildingId = await insertBuilding(trx, {
        street: 'ul. Obca',
        houseNumber: '1',
        postalCode: '00-001',
        city: 'Obce',
      });
      return insertPremises(trx, {
        buildingId,
        number: '1',
        kind: 'residential',
        code: 'OBCE-1',
        areaHundredths: 1_000,
        persons: 1,
        accountNumber: null,
      });
    });
    await withTenant(db.current.app, other.tenant.id, (trx) =>
      insertReading(trx, ownPremises, {
        kind: 'heat',
        number: 'C-1',
        readOn: '2026-12-02',
        valueThousandths: 6,
        replacement: false,
      }),
    );
    expect(await coop.readings()).toHaveLength(1);
    const as = (sql: string) => withTenant(db.current.app, coop.tenant.id, (trx) => trx.raw(sql));
    await expectSqlState(as('UPDATE meter_readings SET value_thousandths = 0'), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(as('DELETE FROM meter_readings'), INSUFFICIENT_PRIVILEGE);
    expect(await coop.readings()).toHaveLength(1);
  });
});
