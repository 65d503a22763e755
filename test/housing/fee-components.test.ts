// A premises' fee components at the desk (issue #21): every rate with the days it ran; a manager
// sets a new rate from a day (the old row keeps its rate and gets its last day), adds a component
// and ends one, each audited; what is typed wrong is said at its field and changes nothing; a
// clerk sees the rates but not the forms and may not post; another tenant's premises is a 404.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm } from '../support/forms.ts';
import { csrfTokenIn } from '../support/sessions.ts';
import { auditRows, desk, expectNotFoundAtAnotherTenant, rowsOf } from './desk-support.ts';

const db = useTestDatabase();
/** A row of a component's table as it reads, each cell with its label (shown on a narrow screen). */
const rateRow = (period: string, rate: string, monthly: string) =>
  `Okres ${period} Stawka ${rate} Miesięcznie ${monthly}`;

async function feesDesk() {
  const coop = await desk(db.current);
  const path = `/${coop.slug}/admin/premises/${coop.flat.id}/fees`;
  const fees = () => rowsOf(db.current, coop.tenant.id, 'fee_components', coop.flat.id);
  const idOf = async (title: string) =>
    (await fees()).find((row) => row.title === title && !row.valid_to)!.id as string;
  const formOf = async (action: string) => formIn((await coop.manager.get(path).expect(200)).text, `${path}${action}`);
  return { ...coop, path, fees, idOf, formOf };
}

describe('a premises’ fee components at the desk', () => {
  it('are listed with their basis and monthly amount, linked from the premises’ page', async () => {
    const coop = await feesDesk();
    const premises = await coop.clerk.get(`/${coop.slug}/admin/premises/${coop.flat.id}`).expect(200);
    expect(premises.text).toContain(`href="${coop.path}"`);
    const page = visibleText((await coop.clerk.get(coop.path).expect(200)).text);
    expect(page).toContain('Eksploatacja (Opłaty eksploatacyjne)');
    expect(page).toContain(rateRow('od 1 stycznia 2026', '3,45 zł za m²', '180,44 zł'));
    expect(page).toContain(rateRow('od 1 stycznia 2026', '37,00 zł za osobę', '111,00 zł'));
    expect(page).toContain(rateRow('od 1 stycznia 2026', '100,00 zł miesięcznie', '100,00 zł'));
    // A clerk sees the rates, not the forms.
    expect(page).not.toContain('Nowa stawka');
    expect(page).not.toContain('Nowy składnik opłat');
  });

  it('take a new rate from a day: the old row keeps its rate and ends the day before, audited', async () => {
    const coop = await feesDesk();
    const oldId = await coop.idOf('Eksploatacja');
    const changed = await postForm(coop.manager, await coop.formOf('/rates'), {
      component: oldId,
      newRate: '3.80',
      rateFrom: '2027-01-01',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.location).toBe(`${coop.path}?done=rateChanged`);
    const rows = (await coop.fees()).filter((row) => row.title === 'Eksploatacja');
    expect(rows.map((row) => [Number(row.rate), row.valid_to === null])).toEqual([
      [345, false],
      [380, true],
    ]);
    const page = visibleText((await coop.manager.get(changed.headers.location!).expect(200)).text);
    expect(page).toContain('Nowa stawka została zapisana');
    expect(page).toContain(rateRow('od 1 stycznia 2027', '3,80 zł za m²', '198,74 zł'));
    expect(page).toContain(rateRow('od 1 stycznia 2026 do 31 grudnia 2026', '3,45 zł za m²', '180,44 zł'));
    const [audit] = await auditRows(db.current, coop.tenant.id, 'housing.fee_rate_changed');
    expect(audit).toMatchObject({ actor_role: 'manager', subject_id: coop.flat.id });
    expect(audit!.changes).toMatchObject({ rate: [345, 380], validFrom: ['2026-01-01', '2027-01-01'] });
    // The resident's overview, today, still charges the rate in force.
    const overview = visibleText((await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`)).text);
    expect(overview).toContain('52,30 m² × 3,45 zł za m²');
  });

  it('refuse a rate typed wrong, one not after the current, and the same rate, at the field, changing nothing', async () => {
    const coop = await feesDesk();
    const before = await coop.fees();
    const form = await coop.formOf('/rates');
    const component = await coop.idOf('Eksploatacja');
    const cases: [Record<string, string>, string, string][] = [
      [{ component, newRate: '3,455', rateFrom: '2027-01-01' }, 'newRate', 'najwyżej dwie cyfry po przecinku'],
      [{ component, newRate: 'trzy', rateFrom: '2027-01-01' }, 'newRate', 'Wpisz kwotę jako liczbę'],
      [{ component, newRate: '0', rateFrom: '2027-01-01' }, 'newRate', 'Wpisz kwotę większą od zera'],
      [{ component, newRate: '3,80', rateFrom: '2027-02-30' }, 'rateFrom', 'Wpisz dzień jako RRRR-MM-DD'],
      [{ component, newRate: '3,80', rateFrom: '2026-01-01' }, 'rateFrom', 'późniejszego niż 1 stycznia 2026'],
      [{ component, newRate: '3,45', rateFrom: '2027-01-01' }, 'newRate', 'Ta stawka już obowiązuje'],
      [{ newRate: '3,80', rateFrom: '2027-01-01' }, 'component', 'Wybierz naliczany składnik opłat'],
    ];
    for (const [fill, field, message] of cases) {
      const refused = await postForm(coop.manager, form, fill);
      expect([fill, refused.status]).toEqual([fill, 422]);
      expect(errorSummaryTargets(refused.text)).toEqual([field]);
      expect(visibleText(refused.text)).toContain(message);
      // What was typed is put back.
      if (fill.newRate) expect(refused.text).toContain(`value="${fill.newRate}"`);
    }
    expect(await coop.fees()).toEqual(before);
    expect(await auditRows(db.current, coop.tenant.id, 'housing.fee_rate_changed')).toEqual([]);
  });

  it('add a new component, and refuse one whose title the fund already charges', async () => {
    const coop = await feesDesk();
    const form = await coop.formOf('');
    const duplicate = await postForm(coop.manager, form, {
      fund: 'maintenance',
      title: 'eksploatacja',
      basis: 'area',
      rate: '1,00',
      validFrom: '2027-01-01',
    });
    expect(duplicate.status).toBe(422);
    expect(errorSummaryTargets(duplicate.text)).toEqual(['title']);
    const missing = await postForm(coop.manager, form, { title: ' ', rate: '', validFrom: '' });
    expect(missing.status).toBe(422);
    expect(errorSummaryTargets(missing.text)).toEqual(['fund', 'title', 'basis', 'rate', 'validFrom']);
    expect(await coop.fees()).toHaveLength(3);
    const added = await postForm(coop.manager, form, {
      fund: 'repair_fund',
      title: 'Winda',
      basis: 'persons',
      rate: '12,5',
      validFrom: '2027-01-01',
    });
    expect(added.headers.location).toBe(`${coop.path}?done=added`);
    const page = visibleText((await coop.manager.get(coop.path).expect(200)).text);
    expect(page).toContain('Winda (Fundusz remontowy)');
    expect(page).toContain(rateRow('od 1 stycznia 2027', '12,50 zł za osobę', '37,50 zł'));
    expect(await auditRows(db.current, coop.tenant.id, 'housing.fee_component_added')).toHaveLength(1);
  });

  it('end a component on its last day, not before its first, and offer it no more', async () => {
    const coop = await feesDesk();
    const form = await coop.formOf('/end');
    const ending = await coop.idOf('Wywóz odpadów');
    const early = await postForm(coop.manager, form, { ending, lastDay: '2025-12-31' });
    expect(early.status).toBe(422);
    expect(errorSummaryTargets(early.text)).toEqual(['lastDay']);
    expect(visibleText(early.text)).toContain('nie może się skończyć przed 1 stycznia 2026');
    const ended = await postForm(coop.manager, form, { ending, lastDay: '2026-12-31' });
    expect(ended.headers.location).toBe(`${coop.path}?done=ended`);
    const row = (await coop.fees()).find((fee) => fee.id === ending)!;
    expect(row.valid_to).not.toBeNull();
    const page = await coop.manager.get(coop.path).expect(200);
    expect(visibleText(page.text)).toContain('Wywóz odpadów (Opłaty eksploatacyjne) – już nienaliczany');
    expect(formIn(page.text, `${coop.path}/end`).fields.filter((field) => field.name === 'ending')).toHaveLength(2);
    // The old form, posted again, finds it no longer running.
    const again = await postForm(coop.manager, form, { ending, lastDay: '2026-12-31' });
    expect(again.status).toBe(422);
    expect(errorSummaryTargets(again.text)).toEqual(['ending']);
    expect(await auditRows(db.current, coop.tenant.id, 'housing.fee_component_ended')).toHaveLength(1);
  });

  it('may be changed by a manager only, and are a 404 at another tenant', async () => {
    const coop = await feesDesk();
    const token = csrfTokenIn((await coop.clerk.get(coop.path).expect(200)).text);
    for (const action of ['', '/rates', '/end']) {
      await coop.clerk.post(`${coop.path}${action}`).type('form').send({ _csrf: token }).expect(403);
    }
    await expectNotFoundAtAnotherTenant(db.current, coop.flat.id, 'fees', {
      action: '/rates',
      body: { component: await coop.idOf('Eksploatacja'), newRate: '9,99', rateFrom: '2027-01-01' },
    });
    expect((await coop.fees()).map((row) => Number(row.rate)).sort()).toEqual([10_000, 345, 3_700]);
  });
});
