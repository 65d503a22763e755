// Housing allowance decisions at the desk (issue #21, source 004): a manager records one (the
// title, the monthly amount, its months), audited, and the resident's overview shows it for the
// days it covers; what is typed wrong is said at its field and records nothing; a clerk sees the
// decisions but may not record one; another tenant's premises is a 404.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm } from '../support/forms.ts';
import { csrfTokenIn } from '../support/sessions.ts';
import { auditRows, desk, expectNotFoundAtAnotherTenant, rowsOf } from './desk-support.ts';

const db = useTestDatabase();

async function allowancesDesk() {
  const coop = await desk(db.current);
  const path = `/${coop.slug}/admin/premises/${coop.flat.id}/allowances`;
  const decisions = () => rowsOf(db.current, coop.tenant.id, 'allowance_decisions', coop.flat.id);
  const form = async () => formIn((await coop.manager.get(path).expect(200)).text, path);
  return { ...coop, path, decisions, form };
}

const DECISION = {
  title: 'Dodatek mieszkaniowy, decyzja MOPS 12/2026',
  amount: '120,50',
  validFrom: '2026-12-01',
  validTo: '2027-05-31',
};

describe('housing allowance decisions at the desk', () => {
  it('are recorded by a manager, audited, and shown on the resident’s overview', async () => {
    const coop = await allowancesDesk();
    expect(visibleText((await coop.manager.get(coop.path).expect(200)).text)).toContain('Nie zapisano żadnej decyzji.');
    const recorded = await postForm(coop.manager, await coop.form(), DECISION);
    expect(recorded.headers.location).toBe(`${coop.path}?done=recorded`);
    const [row] = await coop.decisions();
    expect(row).toMatchObject({ title: DECISION.title, monthly_amount: '12050' });
    const page = visibleText((await coop.manager.get(recorded.headers.location!).expect(200)).text);
    expect(page).toContain('Decyzja została zapisana.');
    expect(page).toContain(`${DECISION.title} Kwota miesięcznie 120,50 zł Okres od 1 grudnia 2026 do 31 maja 2027`);
    const [audit] = await auditRows(db.current, coop.tenant.id, 'housing.allowance_recorded');
    expect(audit).toMatchObject({ actor_role: 'manager', subject_id: coop.flat.id });
    expect(audit!.changes).toMatchObject({ monthlyAmount: [null, 12_050], validTo: [null, '2027-05-31'] });
    const overview = visibleText((await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`)).text);
    expect(overview).toContain(DECISION.title);
    expect(overview).toContain('120,50 zł');
  });

  it('refuse what is typed wrong at its field, recording nothing', async () => {
    const coop = await allowancesDesk();
    const form = await coop.form();
    const cases: [Record<string, string>, string[], string][] = [
      [{ ...DECISION, amount: '12,345' }, ['amount'], 'najwyżej dwie cyfry po przecinku'],
      [{ ...DECISION, amount: '-5' }, ['amount'], 'Wpisz kwotę większą od zera'],
      [{ ...DECISION, validTo: '2026-11-30' }, ['validTo'], 'nie może być wcześniejszy niż początkowy'],
      [{ ...DECISION, title: '  ', validFrom: 'grudzień' }, ['title', 'validFrom'], 'Wpisz tytuł.'],
      [{ ...DECISION, title: 'x'.repeat(201) }, ['title'], 'najwyżej 200 znaków'],
    ];
    for (const [fill, fields, message] of cases) {
      const refused = await postForm(coop.manager, form, fill);
      expect([fill.amount, refused.status]).toEqual([fill.amount, 422]);
      expect(errorSummaryTargets(refused.text)).toEqual(fields);
      expect(visibleText(refused.text)).toContain(message);
    }
    expect(await coop.decisions()).toEqual([]);
    expect(await auditRows(db.current, coop.tenant.id, 'housing.allowance_recorded')).toEqual([]);
  });

  it('are a manager’s to record: a clerk sees them without the form; another tenant gets a 404', async () => {
    const coop = await allowancesDesk();
    const shown = await coop.clerk.get(coop.path).expect(200);
    expect(visibleText(shown.text)).not.toContain('Nowa decyzja');
    await coop.clerk
      .post(coop.path)
      .type('form')
      .send({ _csrf: csrfTokenIn(shown.text), ...DECISION })
      .expect(403);
    await expectNotFoundAtAnotherTenant(db.current, coop.flat.id, 'allowances', { body: DECISION });
    expect(await coop.decisions()).toEqual([]);
  });
});
