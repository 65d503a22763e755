// Who applies for a city card (issue #23), judged from the holder's PESEL on the day of
// application (15 December 2026 on the tests' clock) through the real forms: a child the day
// before their 4th birthday needs no card (the form says so and stores nothing), on the birthday
// they do; a birth date after today is a mistyped PESEL. From the 13th birthday a minor applies
// with a parent's consent, before it a parent applies on their behalf; from the 18th, an adult
// applies alone, the day before with consent; born on 29 February, they come of age on
// 28 February. In every guardian case the form offers exactly the relations the case allows,
// with the declaration it needs, and the application is submitted only with one of them.
import { describe, expect, it } from 'vitest';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForged } from '../support/forms.ts';
import type { SportsCentre } from './cards-support.ts';
import { clock } from './cards-support.ts';
import {
  cardIdOf,
  cityIssuer,
  fillAdultParts,
  newPage,
  peselBornOn,
  postHolder,
  postRepresentative,
  startOnline,
  storedApplication,
  submit,
  type Holder,
} from './city-apply-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');

const cardCount = (centre: SportsCentre) =>
  withTenant(db.current.app, centre.tenant.id, async (trx) => (await tenantRows(trx, 'cards')).length);

/** The relations the application's representative form offers, and its declaration's words; none without the form. */
async function representativeAsked(centre: SportsCentre, page: string) {
  const html = (await centre.browser.get(page).expect(200)).text;
  if (!html.includes(`action="${page}/representative"`)) return undefined;
  const form = formIn(html, `${page}/representative`);
  const relations = form.fields.filter((field) => field.name === 'relation').map((field) => field.value);
  const declaration = /<label for="declaration">([^<]*)<\/label>/.exec(html)![1]!;
  return { relations, declaration: visibleText(declaration) };
}

const CONSENT = 'wyrażam zgodę na złożenie przez niego wniosku';
const ON_BEHALF = 'składam wniosek o e-kartę miejską w jego imieniu';

describe('the holder’s age on the day of application', () => {
  it('stops for a child the day before their 4th birthday, storing nothing, and proceeds on the birthday', async () => {
    const centre = await cityIssuer(db.current);
    const tooYoung = await postHolder(centre.browser, newPage(centre), { pesel: peselBornOn('2022-12-16') });
    expect(tooYoung.status).toBe(422);
    expect(seen(tooYoung.text)).toContain('Dziecko, które nie ukończyło 4 lat, nie potrzebuje karty');
    expect(seen(tooYoung.text)).toContain('Wniosek nie został złożony.');
    expect(await cardCount(centre)).toBe(0);

    const page = await startOnline(centre, { pesel: peselBornOn('2022-12-15') });
    const text = seen((await centre.browser.get(`${page}?done=started`).expect(200)).text);
    expect(text).toContain('Wniosek został założony.');
    expect(text).toContain('Posiadacz nie ukończył 13 lat: wniosek w jego imieniu składa rodzic lub opiekun prawny.');
    expect(await representativeAsked(centre, page)).toEqual({
      relations: ['parent', 'legal_guardian'],
      declaration: expect.stringContaining(ON_BEHALF),
    });
    expect(await cardCount(centre)).toBe(1);
  });

  it('refuses a birth date after today as a mistyped PESEL', async () => {
    const centre = await cityIssuer(db.current);
    const unborn = await postHolder(centre.browser, newPage(centre), { pesel: peselBornOn('2027-01-10') });
    expect(unborn.status).toBe(422);
    expect(seen(unborn.text)).toContain('Data urodzenia z tego numeru PESEL jest późniejsza niż dzisiejsza');
    expect(await cardCount(centre)).toBe(0);
  });

  it.each([
    ['2013-12-16', 'the day before the 13th birthday', ['parent', 'legal_guardian'], ON_BEHALF],
    ['2013-12-15', 'the 13th birthday', ['parent', 'legal_guardian'], CONSENT],
    ['2008-12-16', 'the day before the 18th birthday', ['parent', 'legal_guardian'], CONSENT],
  ])('born %s (%s): asks for a representative with a relation it allows', async (born, _day, relations, words) => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, { pesel: peselBornOn(born) });
    expect(await representativeAsked(centre, page)).toEqual({ relations, declaration: expect.stringContaining(words) });
  });

  it('asks no representative on the 18th birthday', async () => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, { pesel: peselBornOn('2008-12-15') });
    expect(await representativeAsked(centre, page)).toBeUndefined();
    expect(seen((await centre.browser.get(page).expect(200)).text)).toContain('Posiadacz składa wniosek sam.');
  });

  it('has someone born on 29 February come of age on 28 February of a common year', async () => {
    const centre = await cityIssuer(db.current);
    const born = peselBornOn('2008-02-29');
    try {
      clock.set(new Date('2026-02-27T12:00:00Z'));
      const before = await startOnline(centre, { pesel: born, firstName: 'Luty' });
      expect(await representativeAsked(centre, before)).toMatchObject({ relations: ['parent', 'legal_guardian'] });
      clock.set(new Date('2026-02-28T12:00:00Z'));
      // The same application, read the next day: the holder applies alone now.
      expect(await representativeAsked(centre, before)).toBeUndefined();
    } finally {
      clock.set(new Date('2026-12-15T09:00:00Z'));
    }
  });
});

/** Every guardian case: who the holder is, the relations offered, the declaration, one relation refused. */
const CASES: { name: string; holder: Holder; relations: string[]; words: string; chosen: string; forged: string }[] = [
  {
    name: 'a minor of 13–17 with a parent’s consent',
    holder: { pesel: peselBornOn('2010-06-01') },
    relations: ['parent', 'legal_guardian'],
    words: CONSENT,
    chosen: 'parent',
    forged: 'curator',
  },
  {
    name: 'a child under 13 applied for on their behalf by a parent',
    holder: { pesel: peselBornOn('2018-03-10') },
    relations: ['parent', 'legal_guardian'],
    words: ON_BEHALF,
    chosen: 'parent',
    forged: 'guardian',
  },
  {
    name: 'a fully incapacitated adult applied for by a guardian',
    holder: { pesel: peselBornOn('1980-01-01'), incapacity: 'full' },
    relations: ['guardian'],
    words: ON_BEHALF,
    chosen: 'guardian',
    forged: 'parent',
  },
  {
    name: 'a partially incapacitated adult with a curator’s consent',
    holder: { pesel: peselBornOn('1975-09-09'), incapacity: 'partial' },
    relations: ['curator'],
    words: CONSENT,
    chosen: 'curator',
    forged: 'guardian',
  },
];

describe('every guardian case', () => {
  it.each(CASES)('$name: the form asks for the right relation, and only it submits', async (each) => {
    const centre = await cityIssuer(db.current);
    const page = await startOnline(centre, each.holder);
    expect(await representativeAsked(centre, page)).toEqual({
      relations: each.relations,
      declaration: expect.stringContaining(each.words),
    });
    await fillAdultParts(centre.browser, page);

    const without = await submit(centre.browser, page);
    expect(without.status).toBe(422);
    expect(seen(without.text)).toContain('Dane i oświadczenie przedstawiciela ustawowego, opiekuna lub kuratora');

    // A relation the case does not allow, as no page offers it: refused, nothing stored.
    const forged = await postForged(centre.browser, page, `${page}/representative`, {
      representativeName: 'Jan Nowak',
      relation: each.forged,
      declaration: 'yes',
    });
    expect(forged.status).toBe(422);
    expect(seen(forged.text)).toContain('przedstawicielem może być tylko osoba z listy');
    // Without the declaration ticked: said at its field.
    const undeclared = await postForged(centre.browser, page, `${page}/representative`, {
      representativeName: 'Jan Nowak',
      relation: each.chosen,
    });
    expect(undeclared.status).toBe(422);
    expect(seen(undeclared.text)).toContain('Zaznacz oświadczenie przedstawiciela.');
    const cardId = cardIdOf(page);
    expect((await storedApplication(db.current, centre, cardId)).application.representative_relation).toBeNull();

    expect((await postRepresentative(centre.browser, page, each.chosen)).status).toBe(303);
    const shown = seen((await centre.browser.get(page).expect(200)).text);
    expect(shown).toContain('Oświadczenie złożono');
    expect(shown).toContain('Wniosek jest kompletny.');
    expect((await submit(centre.browser, page)).status).toBe(303);
    const stored = await storedApplication(db.current, centre, cardId);
    expect(stored.card.state).toBe('submitted');
    expect(stored.application.representative_relation).toBe(each.chosen);
  });
});
