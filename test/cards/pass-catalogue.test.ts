// The managers' pass catalogue (issue #22): a manager adds a season pass type with the form the
// page has and finds it listed with its terms in words; each mistake is said at its field (422)
// and changes nothing; the terms of a type change (its code, days and entries stay), a limit of
// reduced-price passes typed as shown keeping the sales made meanwhile; every change is audited
// with the fields it changed. A clerk may not open it, and another tenant's pass type is a 404.
import { describe, expect, it } from 'vitest';
import { DEMO_PASS_TYPES } from '../../seeds/demo-cards.ts';
import {
  insertPassType,
  passTypeByCode,
  passTypeById,
  passTypesOf,
  takeReducedPass,
} from '../../src/features/cards/passes/pass-types.repo.ts';
import type { PassType } from '../../src/features/cards/passes/passes.types.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForged, postForm, submitForm, type Fill } from '../support/forms.ts';
import { sportsCentre, type SportsCentre } from './cards-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
/** What a reader of the table reads: its cells without the column names a narrow screen adds. */
const rowsOf = (html: string) => seen(html.replace(/<span class="cell-label"[^>]*>[^<]*<\/span>/g, ''));

/** The message shown at the field (its error element, as the partials write it). */
function errorAt(html: string, field: string): string | undefined {
  const match = new RegExp(`id="${field}-error"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return match ? seen(match[1]!).replace(/^(Błąd|Error|Chyba): /, '') : undefined;
}

/** The demo seeds' eight-entry fitness pass (160,00 zł, 110,00 zł for 20 seniors), for the centre's Client Card. */
const fitness = (centre: SportsCentre): Omit<PassType, 'id'> => {
  const { tenantSlug: _slug, cardType: _code, ...demo } = DEMO_PASS_TYPES.find(({ entries }) => entries === 8)!;
  return { ...demo, cardTypeId: centre.cardType.id };
};

const passTypeIn = (tenant: Tenant, type: Omit<PassType, 'id'>) =>
  withTenant(db.current.app, tenant.id, async (trx) => (await insertPassType(trx, type))!);

const passTypesAt = (tenant: Tenant) => withTenant(db.current.app, tenant.id, (trx) => passTypesOf(trx));

const auditAt = (tenant: Tenant) =>
  withTenant(db.current.app, tenant.id, (trx) =>
    tenantRows(trx, 'audit_log')
      .where('action', 'like', 'cards.pass_type%')
      .orderBy('occurred_at')
      .select('action', 'subject_id', 'changes'),
  );

describe('the pass catalogue', () => {
  it('takes a new pass type from a manager, with the form’s fields, and lists it with its terms in words', async () => {
    const centre = await sportsCentre(db.current);
    const path = `/${centre.slug}/admin/cards/passes`;
    const dashboard = await centre.managerBrowser.get(`/${centre.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="${path}"`);
    const types = await centre.managerBrowser.get(`/${centre.slug}/admin/cards/types`).expect(200);
    expect(types.text).toContain(`href="${path}"`);
    const empty = await centre.managerBrowser.get(path).expect(200);
    expect(seen(empty.text)).toContain('Nie ma jeszcze żadnego rodzaju karnetu.');

    // The only card type is chosen already; no reduced price unless one is given.
    const added = await postForm(centre.managerBrowser, formIn(empty.text, path), {
      name: 'Karnet 8 wejść — fitness, 60 dni',
      code: 'fitness-8-wejsc',
      facility: 'sala fitness',
      price: '160,00',
      validityDays: '60',
      entries: '8',
      reducedPrice: '110,00',
      reducedFor: 'senior',
      reducedLeft: '20',
    });
    expect([added.status, added.headers.location]).toEqual([303, `${path}?done=added`]);
    const again = await centre.managerBrowser.get(path).expect(200);
    const more: Fill[] = [
      {
        name: 'Karnet miesięczny — basen',
        code: 'basen-miesieczny',
        facility: 'pływalnia',
        price: '120',
        validityDays: '30',
      },
      {
        ...{ name: 'Karnet 10 wejść — siłownia', code: 'silownia-10-wejsc', facility: 'siłownia', price: '150,00' },
        ...{ entries: '10', reducedPrice: '100,00', reducedFor: 'student' },
      },
    ];
    for (const fill of more) {
      expect((await postForm(centre.managerBrowser, formIn(again.text, path), fill)).status).toBe(303);
    }

    const listed = rowsOf((await centre.managerBrowser.get(`${path}?done=added`).expect(200)).text);
    expect(listed).toContain('Dodano rodzaj karnetu.');
    expect(listed).toContain(
      'Karnet 10 wejść — siłownia siłownia Karta Klienta 150,00 zł 100,00 zł, ulga dla grupy: uczniowie i studenci. Bez limitu. 10 wejść w sprzedaży',
    );
    expect(listed).toContain(
      'Karnet 8 wejść — fitness, 60 dni sala fitness Karta Klienta 160,00 zł 110,00 zł, ulga dla grupy: seniorzy 60+. Do sprzedania zostało: 20. 8 wejść w ciągu 60 dni w sprzedaży',
    );
    expect(listed).toContain('Karnet miesięczny — basen pływalnia Karta Klienta 120,00 zł brak 30 dni w sprzedaży');

    const stored = await withTenant(db.current.app, centre.tenant.id, (trx) => passTypeByCode(trx, 'fitness-8-wejsc'));
    expect(stored).toEqual({ id: stored!.id, ...fitness(centre) });
    const audited = await auditAt(centre.tenant);
    expect(audited.map((row) => row.action)).toEqual(Array(3).fill('cards.pass_type_added'));
    expect(audited[0]).toMatchObject({
      subject_id: stored!.id,
      changes: { code: [null, 'fitness-8-wejsc'], price: [null, 16_000], reducedLeft: [null, 20], entries: [null, 8] },
    });
  });

  it('says each mistake at its field, keeps what was typed, and adds nothing', async () => {
    const centre = await sportsCentre(db.current);
    await passTypeIn(centre.tenant, fitness(centre));
    const path = `/${centre.slug}/admin/cards/passes`;
    const page = await centre.managerBrowser.get(path).expect(200);
    const right: Fill = {
      name: 'Karnet miesięczny — basen',
      code: 'basen-miesieczny',
      facility: 'pływalnia',
      price: '120,00',
      validityDays: '30',
    };
    const mistakes: [string, Fill, string][] = [
      ['neither days nor entries', { validityDays: '' }, 'validityDays'],
      ['a reduced price not below the price', { reducedPrice: '120,00', reducedFor: 'student' }, 'reducedPrice'],
      ['a reduced price for nobody', { reducedPrice: '60,00' }, 'reducedFor'],
      ['a group without a reduced price', { reducedFor: 'senior' }, 'reducedPrice'],
      ['a limit without a reduced price', { reducedLeft: '10' }, 'reducedLeft'],
      ['a code another pass type has', { code: 'fitness-8-wejsc' }, 'code'],
      ['a code with capitals and spaces', { code: 'Basen Miesięczny' }, 'code'],
      ['three decimals', { price: '12,345' }, 'price'],
      ['no price', { price: '' }, 'price'],
      ['no entries at all', { entries: '0' }, 'entries'],
      ['more days than a year has', { validityDays: '400' }, 'validityDays'],
      ['no name', { name: ' ' }, 'name'],
    ];
    const said: Record<string, string | undefined> = {};
    for (const [mistake, fill, field] of mistakes) {
      const refused = await postForm(centre.managerBrowser, formIn(page.text, path), { ...right, ...fill });
      expect([mistake, refused.status, errorSummaryTargets(refused.text)]).toEqual([mistake, 422, [field]]);
      said[mistake] = errorAt(refused.text, field);
      // What was typed stays in the fields.
      expect(refused.text, mistake).toContain('value="pływalnia"');
    }
    expect(said).toEqual({
      'neither days nor entries': 'Podaj liczbę dni ważności, liczbę wejść albo obie.',
      'a reduced price not below the price': 'Cena ulgowa musi być niższa od ceny karnetu.',
      'a reduced price for nobody': 'Wybierz, komu przysługuje cena ulgowa.',
      'a group without a reduced price': 'Wpisz cenę ulgową albo wybierz „nikomu (bez ceny ulgowej)”.',
      'a limit without a reduced price': 'Limit dotyczy karnetów ulgowych: wpisz cenę ulgową albo usuń limit.',
      'a code another pass type has': 'Ten kod ma już inny rodzaj karnetu.',
      'a code with capitals and spaces': 'Kod to małe litery, cyfry i łączniki (najwyżej 50 znaków).',
      'three decimals': 'Kwota może mieć najwyżej dwie cyfry po przecinku',
      'no price': 'Wpisz cenę karnetu.',
      'no entries at all': 'Liczba wejść to liczba całkowita od 1 do 1000.',
      'more days than a year has': 'Liczba dni to liczba całkowita od 1 do 366.',
      'no name': 'Wpisz nazwę karnetu.',
    });
    expect((await passTypesAt(centre.tenant)).map((passType) => passType.code)).toEqual(['fitness-8-wejsc']);
    expect(await auditAt(centre.tenant)).toEqual([]);
  });

  it('says the mistakes in English and Czech too', async () => {
    const centre = await sportsCentre(db.current);
    const path = `/${centre.slug}/admin/cards/passes`;
    const fill = {
      name: 'Pool',
      code: 'pool',
      facility: 'pool',
      price: '120.00',
      reducedPrice: '130.00',
      reducedFor: 'student',
    };
    for (const [lang, message] of [
      ['en', 'The reduced price must be lower than the price of the pass.'],
      ['cs', 'Zlevněná cena musí být nižší než cena permanentky.'],
    ] as const) {
      const page = await centre.managerBrowser.get(`${path}?lang=${lang}`).expect(200);
      expect(seen(page.text)).toContain(lang === 'en' ? 'pupils and students' : 'žáci a studenti');
      const refused = await postForm(centre.managerBrowser, formIn(page.text, path), { ...fill, validityDays: '30' });
      expect([refused.status, errorAt(refused.text, 'reducedPrice')]).toEqual([422, message]);
    }
  });

  it('has its terms changed by a manager, its code, days and entries as created, each change audited', async () => {
    const centre = await sportsCentre(db.current);
    const id = await passTypeIn(centre.tenant, fitness(centre));
    const path = `/${centre.slug}/admin/cards/passes/${id}`;
    const page = await centre.managerBrowser.get(path).expect(200);
    expect(seen(page.text)).toContain('fitness-8-wejsc');
    expect(seen(page.text)).toContain('8 wejść w ciągu 60 dni');
    const form = formIn(page.text, path);
    expect(form.fields.map((field) => field.name)).not.toContain('code');
    expect(form.fields.map((field) => field.name)).not.toContain('entries');
    expect(form.fields.find((field) => field.name === 'price')!.value).toBe('160,00');

    // A reduced-price pass sold while the manager types: the limit left as shown keeps the sale.
    await withTenant(db.current.app, centre.tenant.id, (trx) => takeReducedPass(trx, id));
    const saved = await postForm(centre.managerBrowser, form, { price: '170,00', onSale: false });
    expect([saved.status, saved.headers.location]).toEqual([303, `${path}?done=saved`]);
    const read = () => withTenant(db.current.app, centre.tenant.id, (trx) => passTypeById(trx, id));
    expect(await read()).toMatchObject({ price: 17_000, onSale: false, reducedLeft: 19, entries: 8, validityDays: 60 });
    const shown = seen((await centre.managerBrowser.get(`${path}?done=saved`).expect(200)).text);
    expect(shown).toContain('Zapisano warunki.');
    expect(shown).toContain('Do sprzedania zostało: 19.');

    // A limit typed anew is the limit; a reduced price removed takes its group and limit with it.
    expect((await submitForm(centre.managerBrowser, path, { reducedLeft: '5' })).status).toBe(303);
    expect(await read()).toMatchObject({ reducedLeft: 5 });
    const removed = await submitForm(centre.managerBrowser, path, {
      reducedPrice: '',
      reducedFor: 'none',
      reducedLeft: '',
    });
    expect(removed.status).toBe(303);
    expect(await read()).toMatchObject({ reducedPrice: null, reducedFor: null, reducedLeft: null });
    const unchanged = await submitForm(centre.managerBrowser, path);
    expect(unchanged.headers.location).toBe(`${path}?done=unchanged`);

    // A mistake is said at its field and changes nothing.
    const refused = await submitForm(centre.managerBrowser, path, { reducedPrice: '200,00', reducedFor: 'student' });
    expect([refused.status, errorAt(refused.text, 'reducedPrice')]).toEqual([
      422,
      'Cena ulgowa musi być niższa od ceny karnetu.',
    ]);
    expect(await read()).toMatchObject({ reducedPrice: null, price: 17_000 });
    const list = rowsOf((await centre.managerBrowser.get(`/${centre.slug}/admin/cards/passes`).expect(200)).text);
    expect(list).toContain('170,00 zł brak 8 wejść w ciągu 60 dni wycofany ze sprzedaży');

    const changes = (await auditAt(centre.tenant)).map((row) => [row.action, row.changes]);
    expect(changes).toEqual([
      ['cards.pass_type_changed', { price: [16_000, 17_000], onSale: [true, false] }],
      ['cards.pass_type_changed', { reducedLeft: [19, 5] }],
      [
        'cards.pass_type_changed',
        { reducedPrice: [11_000, null], reducedFor: ['senior', null], reducedLeft: [5, null] },
      ],
    ]);
  });

  it('is no clerk’s, and shows and changes no other tenant’s pass type', async () => {
    const centre = await sportsCentre(db.current);
    const other = await sportsCentre(db.current);
    const path = `/${centre.slug}/admin/cards/passes`;
    const own = await passTypeIn(centre.tenant, fitness(centre));
    const foreign = await passTypeIn(other.tenant, fitness(other));

    const dashboard = await centre.clerkBrowser.get(`/${centre.slug}/admin/`).expect(200);
    expect(dashboard.text).not.toContain(`href="${path}"`);
    await centre.clerkBrowser.get(path).expect(403);
    await centre.clerkBrowser.get(`${path}/${own}`).expect(403);

    await centre.managerBrowser.get(`${path}/${foreign}`).expect(404);
    await centre.managerBrowser.get(`${path}/${crypto.randomUUID()}`).expect(404);
    const terms = {
      ...{ name: 'Cudzy', facility: 'cudzy', price: '1,00' },
      ...{ reducedPrice: '', reducedFor: 'none', reducedLeft: '', reducedLeftShown: '' },
    };
    expect((await postForged(centre.managerBrowser, path, `${path}/${foreign}`, terms)).status).toBe(404);
    // Nor is a pass type sold for another tenant's card type.
    const forCard = await postForged(centre.managerBrowser, path, path, {
      cardType: other.cardType.id,
      name: 'Cudzy',
      code: 'cudzy',
      facility: 'cudzy',
      price: '1,00',
      validityDays: '1',
      entries: '',
      reducedPrice: '',
      reducedFor: 'none',
      reducedLeft: '',
    });
    expect([forCard.status, errorAt(forCard.text, 'cardType')]).toEqual([
      422,
      'Wybierz kartę, na którą sprzedaje się karnet.',
    ]);
    expect((await passTypesAt(other.tenant)).map(({ name, price }) => [name, price])).toEqual([
      ['Karnet 8 wejść — fitness, 60 dni', 16_000],
    ]);
    expect(await passTypesAt(centre.tenant)).toHaveLength(1);
    expect(await auditAt(other.tenant)).toEqual([]);
  });
});
