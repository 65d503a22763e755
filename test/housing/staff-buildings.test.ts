// The staff's buildings and premises pages (issue #21): a manager adds a building and premises
// through the forms the pages have, corrects them, and every change is audited; what is typed
// wrong is said at its field (422) and changes nothing; a clerk sees the buildings but may not
// change them; another tenant's building or premises is a 404. A new premises opens an account
// per fund with its opening balance on the day typed, and takes its account number from the
// tenant's template (a housing setting a manager edits) or from the list imported from the bank.
import { describe, expect, it } from 'vitest';
import { accountsOf, balanceAsOf } from '../../src/features/money/index.ts';
import { premisesByCode } from '../../src/features/housing/premises.repo.ts';
import { isValidNrb, nrbFromTemplate } from '../../src/lib/nrb.ts';
import { tenantRows, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { errorSummaryTargets, formIn, postForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import type { Agent } from '../support/sessions.ts';
import { clock } from './housing-support.ts';

const db = useTestDatabase();

/** The cooperative's bank scheme: mBank's sorting code (check digit 4), and a prefix of its own. */
const TEMPLATE = { sortingCode: '11402004', prefix: '0000555' };

interface Desk {
  tenantId: TenantId;
  slug: string;
  manager: Agent;
  clerk: Agent;
}

/** A housing cooperative with a manager and a clerk signed in; `settings` its housing settings. */
async function housingDesk(settings: Record<string, unknown> = {}): Promise<Desk> {
  const created = await createTenant(db.current.owner, {
    kind: 'housing_cooperative',
    modules: ['premises', 'balance'],
    settings,
  });
  const { app, registry } = await createTestApp(db.current, { clock });
  const tenant = registry.findById(created.id)!;
  const manager = await createActiveStaff(db.current.app, tenant.id, { role: 'manager' });
  const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
  return {
    tenantId: tenant.id,
    slug: tenant.slug,
    manager: await staffBrowser(db.current.app, app, tenant, manager, clock),
    clerk: await staffBrowser(db.current.app, app, tenant, clerk, clock),
  };
}

const auditActions = (tenantId: TenantId, action: string) =>
  withTenant(db.current.app, tenantId, (trx) =>
    tenantRows(trx, 'audit_log').where({ action }).orderBy('occurred_at').select('subject_id', 'changes'),
  );

const count = (tenantId: TenantId, table: string) =>
  withTenant(db.current.app, tenantId, async (trx) =>
    Number((await tenantRows(trx, table).count({ n: '*' }).first())!.n),
  );

/** The manager adds a building through the form on the page that offers it; its id. */
async function addBuilding(desk: Desk, address = {}): Promise<string> {
  const page = await desk.manager.get(`/${desk.slug}/admin/buildings/new`).expect(200);
  const added = await postForm(desk.manager, formIn(page.text, `/${desk.slug}/admin/buildings/new`), {
    street: 'ul. Słoneczna',
    houseNumber: '12',
    postalCode: '40-282',
    city: 'Katowice',
    ...address,
  });
  expect(added.status).toBe(303);
  return /\/admin\/buildings\/([0-9a-f-]{36})\?done=created$/.exec(added.headers.location as string)![1]!;
}

const PREMISES = {
  kind: 'residential',
  number: '3',
  code: 'SL12-003',
  area: '48,35',
  persons: '3',
  openedOn: '2026-01-01',
  openingMaintenance: '120,50',
  openingRepairFund: '-35,00',
};

/** The new premises form of the building, as the building's page leads to it. */
async function premisesForm(desk: Desk, buildingId: string) {
  const building = await desk.manager.get(`/${desk.slug}/admin/buildings/${buildingId}`).expect(200);
  const action = `/${desk.slug}/admin/buildings/${buildingId}/premises/new`;
  expect(building.text).toContain(`href="${action}"`);
  const page = await desk.manager.get(action).expect(200);
  return { page, form: formIn(page.text, action) };
}

async function addPremises(desk: Desk, buildingId: string, fill: Record<string, string> = {}): Promise<string> {
  const { form } = await premisesForm(desk, buildingId);
  const added = await postForm(desk.manager, form, { ...PREMISES, ...fill });
  expect(added.status, visibleText(added.text)).toBe(303);
  return /\/admin\/premises\/([0-9a-f-]{36})\?done=created$/.exec(added.headers.location as string)![1]!;
}

describe('buildings', () => {
  it('a manager adds one through the form, audited, and sees it listed with its premises count', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode, accountPrefix: TEMPLATE.prefix });
    const dashboard = await desk.clerk.get(`/${desk.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="/${desk.slug}/admin/buildings"`);
    const empty = await desk.manager.get(`/${desk.slug}/admin/buildings`).expect(200);
    expect(visibleText(empty.text)).toContain('Nie dodano jeszcze żadnego budynku.');

    const buildingId = await addBuilding(desk);
    const page = visibleText((await desk.manager.get(`/${desk.slug}/admin/buildings/${buildingId}?done=created`)).text);
    expect(page).toContain('Budynek został dodany.');
    expect(page).toContain('ul. Słoneczna 12, 40-282 Katowice');
    expect(page).toContain('W tym budynku nie ma jeszcze lokali.');
    await addPremises(desk, buildingId);
    await addPremises(desk, buildingId, { kind: 'garage', number: 'G7', code: 'SL12-G07', persons: '0' });

    const list = await desk.clerk.get(`/${desk.slug}/admin/buildings`).expect(200);
    expect(visibleText(list.text)).toMatch(/ul\. Słoneczna 12 .*40-282 Katowice .*2/);
    expect(list.text).toContain(`href="/${desk.slug}/admin/buildings/${buildingId}"`);
    expect(list.text).not.toContain('/admin/buildings/new');
    const audited = await auditActions(desk.tenantId, 'housing.building_created');
    expect(audited).toEqual([
      expect.objectContaining({
        subject_id: buildingId,
        changes: {
          street: [null, 'ul. Słoneczna'],
          houseNumber: [null, '12'],
          postalCode: [null, '40-282'],
          city: [null, 'Katowice'],
        },
      }),
    ]);
  });

  it('refuses a missing or too long field and an address taken, each at its field, adding nothing', async () => {
    const desk = await housingDesk();
    await addBuilding(desk);
    const page = await desk.manager.get(`/${desk.slug}/admin/buildings/new`).expect(200);
    const form = formIn(page.text, `/${desk.slug}/admin/buildings/new`);
    const empty = await postForm(desk.manager, form, { street: '  ', houseNumber: '1', postalCode: '', city: 'X' });
    expect(empty.status).toBe(422);
    expect(errorSummaryTargets(empty.text)).toEqual(['street', 'postalCode']);
    expect(visibleText(empty.text)).toContain('Wpisz ulicę.');
    expect(visibleText(empty.text)).toContain('Wpisz kod pocztowy.');
    expect(formIn(empty.text, form.action).fields.find((field) => field.name === 'city')!.value).toBe('X');
    const long = await postForm(desk.manager, form, {
      street: 'ul. Długa',
      houseNumber: '1'.repeat(21),
      postalCode: '00-001',
      city: 'Kraków',
    });
    expect(long.status).toBe(422);
    expect(visibleText(long.text)).toContain('Numer domu może mieć najwyżej 20 znaków.');
    const same = await postForm(desk.manager, form, {
      street: 'ul. Słoneczna',
      houseNumber: '12',
      postalCode: '40-282',
      city: 'Katowice',
    });
    expect(same.status).toBe(422);
    expect(errorSummaryTargets(same.text)).toEqual(['street']);
    expect(visibleText(same.text)).toContain('Pod tym adresem jest już budynek.');
    expect(await count(desk.tenantId, 'buildings')).toBe(1);
    expect(await auditActions(desk.tenantId, 'housing.building_created')).toHaveLength(1);
  });

  it('a manager corrects the address (audited); bad input changes nothing', async () => {
    const desk = await housingDesk();
    const buildingId = await addBuilding(desk);
    const path = `/${desk.slug}/admin/buildings/${buildingId}/edit`;
    const page = await desk.manager.get(path).expect(200);
    const form = formIn(page.text, path);
    expect(form.fields.find((field) => field.name === 'street')!.value).toBe('ul. Słoneczna');
    const refused = await postForm(desk.manager, form, { city: 'K'.repeat(101) });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('Miejscowość może mieć najwyżej 100 znaków.');
    const saved = await postForm(desk.manager, form, { houseNumber: '12a' });
    expect(saved.headers.location).toBe(`/${desk.slug}/admin/buildings/${buildingId}?done=changed`);
    const shown = visibleText((await desk.manager.get(saved.headers.location as string)).text);
    expect(shown).toContain('Adres został poprawiony.');
    expect(shown).toContain('ul. Słoneczna 12a, 40-282 Katowice');
    const unchanged = await postForm(desk.manager, formIn((await desk.manager.get(path)).text, path));
    expect(unchanged.headers.location).toBe(`/${desk.slug}/admin/buildings/${buildingId}?done=unchanged`);
    const audited = await auditActions(desk.tenantId, 'housing.building_changed');
    expect(audited.map((row) => row.changes)).toEqual([{ houseNumber: ['12', '12a'] }]);
  });

  it('a clerk sees a building but may not add or change one; another tenant’s is a 404', async () => {
    const desk = await housingDesk();
    const other = await housingDesk();
    const buildingId = await addBuilding(desk);
    const page = await desk.clerk.get(`/${desk.slug}/admin/buildings/${buildingId}`).expect(200);
    expect(page.text).not.toContain(`/admin/buildings/${buildingId}/edit`);
    expect(page.text).not.toContain('/premises/new');
    await desk.clerk.get(`/${desk.slug}/admin/buildings/new`).expect(403);
    await desk.clerk.get(`/${desk.slug}/admin/buildings/${buildingId}/edit`).expect(403);
    await desk.clerk.get(`/${desk.slug}/admin/buildings/${buildingId}/premises/new`).expect(403);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await desk.clerk
      .post(`/${desk.slug}/admin/buildings/${buildingId}/edit`)
      .type('form')
      .send({ _csrf: token, street: 'ul. Inna', houseNumber: '1', postalCode: '00-001', city: 'X' })
      .expect(403);
    for (const path of ['', '/edit', '/premises/new']) {
      await other.manager.get(`/${other.slug}/admin/buildings/${buildingId}${path}`).expect(404);
    }
    const foreignPage = await other.manager.get(`/${other.slug}/admin/buildings`).expect(200);
    const foreignToken = /name="_csrf" value="([^"]+)"/.exec(foreignPage.text)?.[1] ?? '';
    await other.manager
      .post(`/${other.slug}/admin/buildings/${buildingId}/edit`)
      .type('form')
      .send({ _csrf: foreignToken, street: 'ul. Inna', houseNumber: '1', postalCode: '00-001', city: 'X' })
      .expect(404);
    expect(visibleText((await desk.manager.get(`/${desk.slug}/admin/buildings/${buildingId}`)).text)).toContain(
      'ul. Słoneczna 12',
    );
  });
});

describe('premises', () => {
  it('a new premises opens its accounts with the opening balances and takes the template’s next number', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode, accountPrefix: TEMPLATE.prefix });
    const buildingId = await addBuilding(desk);
    const { page } = await premisesForm(desk, buildingId);
    expect(visibleText(page.text)).toContain(
      'Lokal dostanie kolejny numer według wzoru banku: numer rozliczeniowy 11402004, początek rachunku 0000555; dotąd nadanych numerów: 0.',
    );
    const premisesId = await addPremises(desk, buildingId, { area: '48.35' });
    const shown = visibleText((await desk.manager.get(`/${desk.slug}/admin/premises/${premisesId}?done=created`)).text);
    expect(shown).toContain('Lokal został dodany razem z kontami i numerem rachunku.');
    expect(shown).toContain('48,35 m²');
    const first = nrbFromTemplate(TEMPLATE, 1);
    expect(shown).toContain(`${first.slice(0, 2)} ${first.slice(2, 6)} ${first.slice(6, 10)}`);
    expect(shown).toMatch(/Opłaty eksploatacyjne ?: 120,50 zł do zapłaty/);
    expect(shown).toMatch(/Fundusz remontowy ?: 35,00 zł nadpłata/);

    const { premises, accounts, balances } = await withTenant(db.current.app, desk.tenantId, async (trx) => {
      const premises = (await premisesByCode(trx, 'SL12-003'))!;
      const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: premises.id });
      const balances = Object.fromEntries(
        await Promise.all(
          accounts.map(async (account) => [account.kind, await balanceAsOf(trx, account.id, '2026-01-01')]),
        ),
      );
      return { premises, accounts, balances };
    });
    expect(premises).toMatchObject({ areaHundredths: 4_835, persons: 3, kind: 'residential', accountNumber: first });
    expect(accounts.map((account) => [account.kind, account.openedOn]).sort()).toEqual([
      ['maintenance', '2026-01-01'],
      ['repair_fund', '2026-01-01'],
    ]);
    expect(balances).toEqual({ maintenance: 12_050, repair_fund: -3_500 });
    const second = await addPremises(desk, buildingId, { number: '4', code: 'SL12-004', openingMaintenance: '' });
    const again = await withTenant(db.current.app, desk.tenantId, (trx) => premisesByCode(trx, 'SL12-004'));
    expect(again).toMatchObject({ id: second, accountNumber: nrbFromTemplate(TEMPLATE, 2) });
    const audited = await auditActions(desk.tenantId, 'housing.premises_created');
    expect(audited[0]).toMatchObject({
      subject_id: premisesId,
      changes: expect.objectContaining({
        code: [null, 'SL12-003'],
        areaHundredths: [null, 4_835],
        accountNumberEnding: [null, first.slice(-4)],
        opening_maintenance: [null, 12_050],
        opening_repair_fund: [null, -3_500],
      }),
    });
  });

  it('refuses bad input at each field, a code or number taken, and adds nothing', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode });
    const buildingId = await addBuilding(desk);
    await addPremises(desk, buildingId);
    const { form } = await premisesForm(desk, buildingId);
    const cases: [Record<string, string>, string, string][] = [
      [
        { area: '48,355' },
        'area',
        'Wpisz powierzchnię w metrach kwadratowych, najwyżej z dwoma miejscami po przecinku',
      ],
      [{ area: '0' }, 'area', 'Powierzchnia musi być większa od zera.'],
      [{ area: '' }, 'area', 'Wpisz powierzchnię użytkową.'],
      [{ persons: '100' }, 'persons', 'Wpisz liczbę osób: liczbę całkowitą od 0 do 99.'],
      [{ persons: '-1' }, 'persons', 'Wpisz liczbę osób: liczbę całkowitą od 0 do 99.'],
      [{ openedOn: '2026-02-30' }, 'openedOn', 'Wpisz datę w postaci RRRR-MM-DD'],
      [{ openingMaintenance: '12,345' }, 'openingMaintenance', 'Wpisz kwotę, np. 120,50 albo -35,00'],
      [{ code: '' }, 'code', 'Wpisz numer lokalu w księgowości.'],
      [{ code: 'SL12-003', number: '99' }, 'code', 'Inny lokal ma już ten numer w księgowości.'],
      [{ code: 'SL12-099' }, 'number', 'W budynku jest już lokal tego rodzaju o tym numerze.'],
    ];
    for (const [fill, field, message] of cases) {
      const refused = await postForm(desk.manager, form, { ...PREMISES, ...fill });
      expect([fill, refused.status]).toEqual([fill, 422]);
      expect([fill, errorSummaryTargets(refused.text)]).toEqual([fill, [field]]);
      expect(visibleText(refused.text)).toContain(message);
      expect(refused.text).toMatch(new RegExp(`id="${field}" name="${field}"[^>]* aria-invalid="true"`));
    }
    expect(await count(desk.tenantId, 'premises')).toBe(1);
    expect(await count(desk.tenantId, 'money_accounts')).toBe(2);
    expect(await auditActions(desk.tenantId, 'housing.premises_created')).toHaveLength(1);
    // The numbers tried for the premises refused went back with their transactions.
    const shown = await premisesForm(desk, buildingId);
    expect(visibleText(shown.page.text)).toContain('dotąd nadanych numerów: 1.');
  });

  it('a manager corrects the area and the persons (audited); a clerk may not; another tenant’s is a 404', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode });
    const other = await housingDesk();
    const premisesId = await addPremises(desk, await addBuilding(desk));
    const premisesPath = `/${desk.slug}/admin/premises/${premisesId}`;
    const path = `${premisesPath}/edit`;
    const premisesPage = await desk.manager.get(premisesPath).expect(200);
    expect(premisesPage.text).toContain(`href="${path}"`);
    const form = formIn((await desk.manager.get(path).expect(200)).text, path);
    expect(form.fields.map((field) => [field.name, field.value]).slice(1)).toEqual([
      ['area', '48,35'],
      ['persons', '3'],
    ]);
    const refused = await postForm(desk.manager, form, { area: '52,3x', persons: '4' });
    expect(refused.status).toBe(422);
    expect(errorSummaryTargets(refused.text)).toEqual(['area']);
    const saved = await postForm(desk.manager, form, { area: '52.3', persons: '4' });
    expect(saved.headers.location).toBe(`${premisesPath}?done=changed`);
    const shown = visibleText((await desk.manager.get(saved.headers.location as string)).text);
    expect(shown).toContain('Dane lokalu zostały poprawione.');
    expect(shown).toContain('52,30 m²');
    const audited = await auditActions(desk.tenantId, 'housing.premises_changed');
    expect(audited.map((row) => row.changes)).toEqual([{ areaHundredths: [4_835, 5_230], persons: [3, 4] }]);

    expect((await desk.clerk.get(premisesPath).expect(200)).text).not.toContain(`href="${path}"`);
    await desk.clerk.get(path).expect(403);
    await other.manager.get(`/${other.slug}/admin/premises/${premisesId}/edit`).expect(404);
    const token = /name="_csrf" value="([^"]+)"/.exec(
      (await other.manager.get(`/${other.slug}/admin/buildings`)).text,
    )![1]!;
    await other.manager
      .post(`/${other.slug}/admin/premises/${premisesId}/edit`)
      .type('form')
      .send({ _csrf: token, area: '10,00', persons: '0' })
      .expect(404);
    const after = await withTenant(db.current.app, desk.tenantId, (trx) => premisesByCode(trx, PREMISES.code));
    expect(after).toMatchObject({ areaHundredths: 5_230, persons: 4 });
  });

  it('the premises search page and the premises’ page lead to the building', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode });
    const buildingId = await addBuilding(desk);
    const premisesId = await addPremises(desk, buildingId);
    const search = await desk.clerk.get(`/${desk.slug}/admin/premises`).expect(200);
    expect(search.text).toContain(`href="/${desk.slug}/admin/buildings"`);
    const page = await desk.clerk.get(`/${desk.slug}/admin/premises/${premisesId}`).expect(200);
    expect(page.text).toContain(`href="/${desk.slug}/admin/buildings/${buildingId}"`);
    const building = await desk.clerk.get(`/${desk.slug}/admin/buildings/${buildingId}`).expect(200);
    expect(building.text).toContain(`href="/${desk.slug}/admin/premises/${premisesId}"`);
    expect(visibleText(building.text)).toMatch(/SL12-003 .*3 .*lokal mieszkalny .*48,35 m² .*3/);
  });
});

/** Account numbers of the bank's scheme, as many as asked, from `first` on. */
const bankNumbers = (count: number, first = 1) =>
  Array.from({ length: count }, (_, index) =>
    nrbFromTemplate({ sortingCode: '10901014', prefix: '00000813' }, first + index),
  );

/** Pastes the list on the account numbers page: the POST's response. */
async function pasteList(desk: Desk, numbers: string) {
  const path = `/${desk.slug}/admin/account-numbers`;
  const page = await desk.manager.get(path).expect(200);
  return postForm(desk.manager, formIn(page.text, path), { numbers });
}

describe('account numbers from the bank’s list', () => {
  it('a manager pastes a list; each new premises takes the next number in the list’s order', async () => {
    const desk = await housingDesk();
    const dashboard = await desk.manager.get(`/${desk.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="/${desk.slug}/admin/account-numbers"`);
    const buildingId = await addBuilding(desk);
    const { form, page } = await premisesForm(desk, buildingId);
    expect(visibleText(page.text)).toContain('Brak wolnego numeru rachunku');
    const refused = await postForm(desk.manager, form, PREMISES);
    expect(refused.status).toBe(422);
    expect(errorSummaryTargets(refused.text)).toEqual(['account-number']);
    expect(refused.text).toContain('id="account-number"');
    expect(visibleText(refused.text)).toContain('lista numerów rachunków od banku się wyczerpała');
    expect(await count(desk.tenantId, 'premises')).toBe(0);

    const [first, second, third] = bankNumbers(3);
    // As a bank's file may have it: an IBAN with PL and spaces, a blank line, a Windows line end.
    const printed = `PL${first!.slice(0, 2)} ${first!.slice(2).match(/\d{4}/g)!.join(' ')}`;
    const imported = await pasteList(desk, `${printed}\r\n\n${second}\n${third}\n`);
    expect(imported.headers.location).toBe(`/${desk.slug}/admin/account-numbers?done=imported`);
    const state = visibleText((await desk.manager.get(imported.headers.location as string)).text);
    expect(state).toContain('Numery zostały wczytane.');
    expect(state).toContain('Niewykorzystane numery od banku: 3; przydzielone lokalom: 0.');
    expect(visibleText((await premisesForm(desk, buildingId)).page.text)).toContain('zostały 3 numery');

    await addPremises(desk, buildingId);
    await addPremises(desk, buildingId, { number: '4', code: 'SL12-004' });
    const held = await withTenant(db.current.app, desk.tenantId, async (trx) => [
      (await premisesByCode(trx, 'SL12-003'))!.accountNumber,
      (await premisesByCode(trx, 'SL12-004'))!.accountNumber,
    ]);
    expect(held).toEqual([first, second]);
    expect(visibleText((await desk.manager.get(`/${desk.slug}/admin/account-numbers`)).text)).toContain(
      'Niewykorzystane numery od banku: 1; przydzielone lokalom: 2.',
    );
    expect(await auditActions(desk.tenantId, 'housing.account_numbers_imported')).toEqual([
      expect.objectContaining({ changes: { count: [null, 3] } }),
    ]);
  });

  it('refuses a list with a bad check digit at line N, naming line N, and stores nothing', async () => {
    const desk = await housingDesk();
    const numbers = bankNumbers(7);
    const wrong = `${numbers[4]!.slice(0, 25)}${(Number(numbers[4]!.at(-1)) + 1) % 10}`;
    const lines = [...numbers.slice(0, 4), wrong, ...numbers.slice(5)];
    const refused = await pasteList(desk, lines.join('\n'));
    expect(refused.status).toBe(422);
    expect(errorSummaryTargets(refused.text)).toEqual(['numbers']);
    const text = visibleText(refused.text);
    expect(text).toContain('Wiersz 5: cyfry kontrolne się nie zgadzają');
    expect(text).not.toMatch(/Wiersz [1-46-9]/);
    expect(formIn(refused.text, `/${desk.slug}/admin/account-numbers`).fields.at(-1)!.value).toBe(lines.join('\n'));
    expect(await count(desk.tenantId, 'bank_account_numbers')).toBe(0);
  });

  it('refuses lines that are no numbers, a number twice, and a number known already, each by its line', async () => {
    const desk = await housingDesk();
    const [a, b, c] = bankNumbers(3);
    expect((await pasteList(desk, a!)).status).toBe(303);
    const refused = await pasteList(desk, [b, 'rachunek 123', c, b, a].join('\n'));
    expect(refused.status).toBe(422);
    const text = visibleText(refused.text);
    expect(text).toContain('Wiersz 2: to nie jest numer rachunku (26 cyfr).');
    expect(text).toContain('Wiersz 4: ten sam numer co w wierszu 1.');
    expect(text).toContain('Wiersz 5: ten numer jest już używany albo został wczytany wcześniej.');
    expect(await count(desk.tenantId, 'bank_account_numbers')).toBe(1);
    const empty = await pasteList(desk, ' \n \n');
    expect(empty.status).toBe(422);
    expect(visibleText(empty.text)).toContain('Wklej co najmniej jeden numer rachunku.');
    const tooMany = await pasteList(desk, bankNumbers(501, 10).join('\n'));
    expect(tooMany.status).toBe(422);
    expect(visibleText(tooMany.text)).toContain('Lista ma 501 numerów; wczytuj najwyżej 500 naraz.');
    expect(await count(desk.tenantId, 'bank_account_numbers')).toBe(1);
  });

  it('is a manager’s page: a clerk may neither see nor import', async () => {
    const desk = await housingDesk();
    const dashboard = await desk.clerk.get(`/${desk.slug}/admin/`).expect(200);
    expect(dashboard.text).not.toContain('/admin/account-numbers');
    await desk.clerk.get(`/${desk.slug}/admin/account-numbers`).expect(403);
    const token = /name="_csrf" value="([^"]+)"/.exec(dashboard.text)![1]!;
    await desk.clerk
      .post(`/${desk.slug}/admin/account-numbers`)
      .type('form')
      .send({ _csrf: token, numbers: bankNumbers(1)[0] })
      .expect(403);
    expect(await count(desk.tenantId, 'bank_account_numbers')).toBe(0);
  });
});

describe('the housing settings', () => {
  it('a manager sets the payee’s NIP and the bank’s template; a wrong sorting code is refused at its field', async () => {
    const desk = await housingDesk();
    const overview = await desk.manager.get(`/${desk.slug}/admin/settings`).expect(200);
    expect(overview.text).toContain(`href="/${desk.slug}/admin/settings/housing"`);
    const path = `/${desk.slug}/admin/settings/housing`;
    const form = formIn((await desk.manager.get(path).expect(200)).text, path);
    const refused = await postForm(desk.manager, form, {
      payeeNip: '634-251-23-44',
      accountSortingCode: '10901015',
      accountPrefix: '12ab',
    });
    expect(refused.status).toBe(422);
    expect(errorSummaryTargets(refused.text)).toEqual(['payeeNip', 'accountSortingCode', 'accountPrefix']);
    expect(visibleText(refused.text)).toContain('Wpisz NIP jako 10 cyfr bez kresek i spacji');
    expect(visibleText(refused.text)).toContain('Wpisz numer rozliczeniowy banku');
    const saved = await postForm(desk.manager, form, {
      payeeNip: '6342512344',
      accountSortingCode: TEMPLATE.sortingCode,
      accountPrefix: TEMPLATE.prefix,
    });
    expect(saved.status).toBe(303);
    const premisesId = await addPremises(desk, await addBuilding(desk));
    const held = await withTenant(db.current.app, desk.tenantId, (trx) =>
      tenantRows(trx, 'premises').where({ id: premisesId }).first('account_number'),
    );
    expect(held!.account_number).toBe(nrbFromTemplate(TEMPLATE, 1));
    const audited = await auditActions(desk.tenantId, 'tenant.housing_changed');
    expect(Object.keys(audited[0]!.changes as object).sort()).toEqual([
      'settings.accountPrefix',
      'settings.accountSortingCode',
      'settings.payeeNip',
    ]);
  });

  it('are offered only where the tenant keeps premises', async () => {
    const desk = await housingDesk();
    const other = await createTenant(db.current.owner);
    const { app, registry } = await createTestApp(db.current, { clock });
    const tenant = registry.findById(other.id)!;
    const manager = await createActiveStaff(db.current.app, tenant.id, { role: 'manager' });
    const browser = await staffBrowser(db.current.app, app, tenant, manager, clock);
    const overview = await browser.get(`/${tenant.slug}/admin/settings`).expect(200);
    expect(overview.text).not.toContain('/admin/settings/housing');
    expect((await desk.manager.get(`/${desk.slug}/admin/settings`)).text).toContain('/admin/settings/housing');
  });
});

/** Twenty premises added to the building at once, each through the form; every one is added. */
async function twentyAtOnce(desk: Desk, buildingId: string): Promise<void> {
  const { form } = await premisesForm(desk, buildingId);
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      postForm(desk.manager, form, { ...PREMISES, number: `${index + 1}`, code: `C-${index + 1}` }),
    ),
  );
  expect(responses.map((response) => response.status)).toEqual(Array(20).fill(303));
}

describe('numbers under concurrency', () => {
  it('20 premises created at once from the template get 20 distinct numbers', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode, accountPrefix: TEMPLATE.prefix });
    const buildingId = await addBuilding(desk);
    await twentyAtOnce(desk, buildingId);
    const numbers = await withTenant(db.current.app, desk.tenantId, (trx) =>
      tenantRows(trx, 'premises').pluck('account_number'),
    );
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.every((number: string) => isValidNrb(number))).toBe(true);
    expect([...numbers].sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => nrbFromTemplate(TEMPLATE, index + 1)).sort(),
    );
  });

  it('20 premises created at once from the bank’s list take 20 distinct numbers of it', async () => {
    const desk = await housingDesk();
    const listed = bankNumbers(25);
    expect((await pasteList(desk, listed.join('\n'))).status).toBe(303);
    const buildingId = await addBuilding(desk);
    await twentyAtOnce(desk, buildingId);
    const { numbers, taken } = await withTenant(db.current.app, desk.tenantId, async (trx) => ({
      numbers: await tenantRows(trx, 'premises').pluck('account_number'),
      taken: await tenantRows(trx, 'bank_account_numbers').whereNotNull('premises_id').pluck('number'),
    }));
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.every((number: string) => listed.includes(number))).toBe(true);
    expect([...taken].sort()).toEqual([...numbers].sort());
  });
});

describe('the walls of the account-number tables', () => {
  it('show a tenant none of another’s rows, and refuse a row written for another tenant', async () => {
    const desk = await housingDesk({ accountSortingCode: TEMPLATE.sortingCode });
    const other = await housingDesk();
    await addPremises(desk, await addBuilding(desk));
    expect((await pasteList(desk, bankNumbers(2).join('\n'))).status).toBe(303);
    for (const table of ['bank_account_numbers', 'account_number_sequences']) {
      expect(await count(desk.tenantId, table)).toBeGreaterThan(0);
      const seen = await withTenant(db.current.app, other.tenantId, (trx) => trx(table).select('tenant_id'));
      expect([table, seen]).toEqual([table, []]);
    }
    await expect(
      withTenant(db.current.app, other.tenantId, (trx) =>
        trx('bank_account_numbers').insert({ tenant_id: desk.tenantId, number: bankNumbers(1, 50)[0], line: 1 }),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(db.current.app, other.tenantId, (trx) =>
        trx('account_number_sequences').insert({
          tenant_id: desk.tenantId,
          sorting_code: TEMPLATE.sortingCode,
          prefix: '9',
          last_sequence: 1,
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
