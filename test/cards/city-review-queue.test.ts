// The staff's queue of city card applications (issue #23): the submitted ones by default, those
// waiting longest first, each with its reference, holder, age, submission and what it lacks;
// filtered by state, card type, the holder's age group on the tenant's today and a discount
// claimed; paged by keyset; what the address carries that is no filter is left out and said so.
// Another tenant's applications are never listed; only the tenant's staff may open it.
import { describe, expect, it } from 'vitest';
import { insertCardType } from '../../src/features/cards/card-types.repo.ts';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { moveCard } from '../../src/features/cards/transitions.ts';
import { encodeKeysetCursor } from '../../src/platform/http/keyset-cursor.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn } from '../support/forms.ts';
import { testOutbox } from '../support/mail.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import { CITY_CARD, clock, type SportsCentre } from './cards-support.ts';
import { cityCentre, submittedCityApplication, type CityApplicationOptions } from './city-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
const DAY_MS = 24 * 60 * 60 * 1000;

/** Each row of the queue's table as it reads, without the labels only a narrow screen shows. */
const rowTexts = (html: string) =>
  [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((row) => seen(row[1]!.replace(/<span class="cell-label"[^>]*>[^<]*<\/span>/g, '')))
    .filter((row) => /^[0-9A-Z]{4}-[0-9A-Z]{4}/.test(row));

/** The references in the queue's table, in its order. */
const listed = (html: string) =>
  [...html.matchAll(/<th scope="row">[\s\S]*?>([0-9A-Z]{4}-[0-9A-Z]{4})</g)].map((m) => m[1]);

interface Queue {
  centre: SportsCentre;
  /** By holder: the adult, the child, the teenager (no photo), the senior, the approved one, another type's. */
  refs: Record<'adult' | 'child' | 'teen' | 'senior' | 'approved' | 'otherType', string>;
  cards: Record<string, { cardId: string; submittedAt: Date }>;
  path: string;
  open(query?: string): Promise<string>;
}

/** Applications submitted a day apart from 9 December 2026, and today 15 December. */
async function queue(): Promise<Queue> {
  clock.set(new Date('2026-12-09T09:00:00Z'));
  const centre = await cityCentre(db.current);
  const otherTypeId = await withTenant(db.current.app, centre.tenant.id, (trx) =>
    insertCardType(trx, { ...CITY_CARD, code: 'karta-seniora', name: 'Karta Seniora', numberPrefix: '6002' }),
  );
  const made: [keyof Queue['refs'], CityApplicationOptions & { type?: string }][] = [
    ['approved', { birthDate: '1990-01-01', lastName: 'Zatwierdzona' }],
    ['adult', { birthDate: '1985-06-15', lastName: 'Dorosła' }],
    [
      'child',
      { birthDate: '2016-05-01', lastName: 'Dziecko', discount: { kind: 'student', validUntil: '2027-06-30' } },
    ],
    ['teen', { birthDate: '2011-03-01', lastName: 'Nastolatka', leaveOut: ['photo'] }],
    [
      'senior',
      { birthDate: '1950-01-01', lastName: 'Seniorka', discount: { kind: 'senior', validUntil: '2030-01-01' } },
    ],
    ['otherType', { birthDate: '1970-02-02', lastName: 'Innego', type: otherTypeId! }],
  ];
  const refs = {} as Queue['refs'];
  const cards: Queue['cards'] = {};
  for (const [holder, options] of made) {
    const cardType = options.type ? { ...centre.cardType, id: options.type } : centre.cardType;
    const application = await submittedCityApplication(db.current, { ...centre, cardType }, options);
    refs[holder] = application.reference;
    cards[holder] = { cardId: application.cardId, submittedAt: clock.now() };
    clock.advance(DAY_MS);
  }
  const clerk: ServiceContext = {
    tenant: centre.tenant,
    actor: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
    requestId: 'queue',
  };
  await withTenant(db.current.app, centre.tenant.id, async (trx) => {
    const card = (await cardById(trx, cards.approved!.cardId))!;
    const deps = { clock, outbox: testOutbox(clock) };
    await moveCard(trx, deps, clerk, { card, type: centre.cardType, name: 'approve' });
  });
  clock.set(new Date('2026-12-15T09:00:00Z'));
  const browser = await staffBrowser(db.current.app, centre.app, centre.tenant, centre.clerk, clock);
  const path = `/${centre.slug}/admin/cards/applications`;
  const open = async (query = '') => (await browser.get(`${path}${query}`).expect(200)).text;
  return { centre, refs, cards, path, open };
}

describe('the review queue', () => {
  it('lists the submitted applications, longest waiting first, with what a clerk needs to pick one', async () => {
    const { refs, cards, open, centre } = await queue();
    const page = await open();
    expect(listed(page)).toEqual([refs.adult, refs.child, refs.teen, refs.senior, refs.otherType]);
    expect(seen(page)).toContain('Wnioski w stanie „złożony”, od najdłużej czekających');
    // Submitted at 10:00 in Warsaw a day apart, the first five days ago; ages on today's date.
    expect(rowTexts(page)).toEqual([
      `${refs.adult} (Karta Miejska) Ola Dorosła 41 lat 10 grudnia 2026 10:00 5 dni bez ulgi brak`,
      `${refs.child} (Karta Miejska) Ola Dziecko 10 lat 11 grudnia 2026 10:00 4 dni uczniowie i studenci brak`,
      `${refs.teen} (Karta Miejska) Ola Nastolatka 15 lat 12 grudnia 2026 10:00 3 dni bez ulgi zdjęcie`,
      `${refs.senior} (Karta Miejska) Ola Seniorka 76 lat 13 grudnia 2026 10:00 2 dni seniorzy 60+ brak`,
      `${refs.otherType} (Karta Seniora) Ola Innego 56 lat 14 grudnia 2026 10:00 1 dzień bez ulgi brak`,
    ]);
    expect(page).toContain(`href="/${centre.slug}/admin/cards/applications/${cards.adult!.cardId}"`);
    expect(seen(page)).not.toContain(refs.approved);
  });

  it('filters by state, card type, the holder’s age group and a discount claimed, from a form with labels', async () => {
    const { refs, open, centre } = await queue();
    const form = formIn(await open(), `/${centre.slug}/admin/cards/applications`);
    expect(form.method).toBe('get');
    expect(form.fields.map((field) => field.name)).toEqual(['state', 'type', 'age', 'discount']);
    expect(form.fields[0]!.options).toEqual(['submitted', 'returned', 'approved', 'produced', 'ready']);
    expect(listed(await open('?state=approved'))).toEqual([refs.approved]);
    expect(listed(await open('?state=returned'))).toEqual([]);
    expect(seen(await open('?state=returned'))).toContain('Żaden wniosek nie spełnia tych warunków.');
    expect(listed(await open(`?type=${centre.cardType.id}`))).toEqual([refs.adult, refs.child, refs.teen, refs.senior]);
    expect(listed(await open('?age=under13'))).toEqual([refs.child]);
    expect(listed(await open('?age=from13to17'))).toEqual([refs.teen]);
    expect(listed(await open('?age=from18to69'))).toEqual([refs.adult, refs.otherType]);
    expect(listed(await open('?age=from70'))).toEqual([refs.senior]);
    expect(listed(await open('?discount=claimed'))).toEqual([refs.child, refs.senior]);
    expect(listed(await open('?discount=none&age=from18to69'))).toEqual([refs.adult, refs.otherType]);
  });

  it('pages by keyset after the last row shown, and leaves out what is no filter, saying so', async () => {
    const { refs, cards, open } = await queue();
    const after = encodeKeysetCursor({ at: cards.child!.submittedAt, id: cards.child!.cardId });
    expect(listed(await open(`?after=${after}`))).toEqual([refs.teen, refs.senior, refs.otherType]);
    const odd = await open('?state=lost&age=100&discount=maybe&type=not-an-id&after=yesterday');
    expect(listed(odd)).toEqual([refs.adult, refs.child, refs.teen, refs.senior, refs.otherType]);
    expect(seen(odd)).toContain(
      'Pominięto, bo nie rozpoznano wartości: Stan wniosku, Rodzaj karty, Wiek posiadacza karty, Ulga, strona listy.',
    );
    const repeated = await open('?age=under13&age=from70');
    expect(listed(repeated)).toEqual([refs.adult, refs.child, refs.teen, refs.senior, refs.otherType]);
  });

  it('never lists another tenant’s applications, and is the staff’s alone', async () => {
    const { open, centre, path } = await queue();
    const other = await cityCentre(db.current);
    const foreign = await submittedCityApplication(db.current, other, { lastName: 'Obca' });
    expect(seen(await open())).not.toContain('Obca');
    expect(seen(await open('?age=from18to69'))).not.toContain(foreign.reference);

    const asClient = await centre.browser.get(path);
    expect(asClient.status).toBe(303);
    expect(asClient.headers.location).toBe(`/${centre.slug}/admin/sign-in?next=%2Fcards%2Fapplications`);
    const manager = await staffBrowser(db.current.app, centre.app, centre.tenant, centre.manager, clock);
    expect(listed((await manager.get(path).expect(200)).text)).toHaveLength(5);
    const dashboard = await manager.get(`/${centre.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="${path}"`);
  });
});
