// The status of a city card application without signing in (issue #23): found by its reference
// (any case, spaces or no hyphen) together with the holder's PESEL, it shows the state in words
// and the day of the last change, for a card ready for pickup the window and the desks, for a
// returned one only that the applicant should sign in. An unknown reference, another person's
// PESEL and a PESEL that is none get one and the same answer; the form is limited per IP and per
// reference, with a 429 in the visitor's language; opening the form writes nothing.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import type { TestAppOptions } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { newAgent } from '../support/sessions.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import { cityCentre, peselBornOn, submittedCityApplication, takeSteps } from './city-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
const HOUR = 60 * 60;

/** What the page says between its heading and the form (the answer), as a visitor reads it. */
const answerOf = (html: string) => seen(html.slice(html.indexOf('<h1'), html.indexOf('<form method="post"')));

/** A visitor not signed in fills in the form and sends it. */
async function check(centre: SportsCentre, reference: string, pesel: string, headers: Record<string, string> = {}) {
  const visitor = newAgent(centre.app);
  const path = `/${centre.slug}/cards/status`;
  const shown = await visitor.get(path).set(headers).expect(200);
  return postForm(visitor, formIn(shown.text, path), { reference, pesel }, headers);
}

async function statusCentre(limits?: TestAppOptions['limits']) {
  clock.set(new Date('2026-12-22T10:00:00Z'));
  return cityCentre(db.current, limits ? { limits } : {});
}

describe('the status check without signing in', () => {
  it('shows a matching application’s state in words and the day it last changed, and nobody’s name', async () => {
    const centre = await statusCentre();
    const { reference, pesel } = await submittedCityApplication(db.current, centre, { lastName: 'Wiśniewska' });
    const typed = reference.toLowerCase().replace('-', ' ');
    const answer = await check(centre, typed, ` ${pesel} `);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const text = answerOf(answer.text);
    expect(text).toContain(`Wniosek ${reference} Stan: złożony — wniosek czeka na rozpatrzenie.`);
    expect(text).toContain('Ostatnia zmiana: 22 grudnia 2026.');
    expect(seen(answer.text)).not.toContain('Wiśniewska');
    expect(answer.text).not.toContain(pesel);
  });

  it('says of a returned application only that the applicant should sign in, not why', async () => {
    const centre = await statusCentre();
    const { cardId, reference, pesel } = await submittedCityApplication(db.current, centre);
    await takeSteps(db.current, centre, cardId, ['return']);
    const text = answerOf((await check(centre, reference, pesel)).text);
    expect(text).toContain('Stan: zwrócony do poprawy — wniosek wymaga poprawek. Zaloguj się');
    expect(text).not.toContain('nieostre');
  });

  it('gives a card ready for pickup its window and the desks where', async () => {
    const centre = await statusCentre();
    const { cardId, reference, pesel } = await submittedCityApplication(db.current, centre);
    await takeSteps(db.current, centre, cardId, ['approve', 'produce', 'deliver']);
    const answer = await check(centre, reference, pesel);
    expect(answerOf(answer.text)).toContain('Kartę można odebrać od 31 grudnia 2026 do 21 stycznia 2027.');
    expect(seen(answer.text)).toContain('Gdzie odebrać kartę Punkt Obsługi');
    expect(seen(answer.text)).toContain('ul. Okienkowa 2, 00-002 Testowo');
  });

  it('answers an unknown reference, another person’s PESEL and a PESEL that is none exactly alike', async () => {
    const centre = await statusCentre();
    const { reference, pesel } = await submittedCityApplication(db.current, centre);
    const someoneElse = peselBornOn('1985-06-15', 4321);
    const notAPesel = `${pesel.slice(0, 10)}${(Number(pesel[10]) + 1) % 10}`;
    const answers = [
      await check(centre, 'ZZZZ-ZZZZ', pesel),
      await check(centre, reference, someoneElse),
      await check(centre, reference, notAPesel),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const texts = answers.map((answer) => seen(answer.text));
    expect(texts[0]).toContain('Żaden wniosek nie pasuje do tych danych. Sprawdź numer wniosku i numer PESEL.');
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
  });

  it('says what is wrong with the form’s fields, which tells nothing about any application', async () => {
    const centre = await statusCentre();
    const answer = await check(centre, 'AB12', '123');
    expect(answer.status).toBe(422);
    expect(seen(answer.text)).toContain('Numer wniosku to osiem liter i cyfr, na przykład AB2C-D3EF.');
    expect(seen(answer.text)).toContain('Numer PESEL ma dokładnie 11 cyfr.');
  });

  it('is limited per reference and per IP, with a 429 in the visitor’s language', async () => {
    const centre = await statusCentre({
      cityCardStatusPerReference: { points: 3, durationSeconds: HOUR },
      cityCardStatusPerIp: { points: 6, durationSeconds: HOUR },
    });
    const { reference, pesel } = await submittedCityApplication(db.current, centre);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await check(centre, reference, peselBornOn('1985-06-15', attempt))).status).toBe(200);
    }
    // The right PESEL now is refused too: the reference's tries are used up.
    const refused = await check(centre, reference.toLowerCase(), pesel);
    expect(refused.status).toBe(429);
    expect(seen(refused.text)).toContain('Zbyt wiele prób');
    expect(seen(refused.text)).toMatch(/Spróbuj ponownie za \d+ minut/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);

    expect((await check(centre, 'ZZZZ-ZZZ2', pesel)).status).toBe(200);
    expect((await check(centre, 'ZZZZ-ZZZ3', pesel)).status).toBe(200);
    const overIp = await check(centre, 'ZZZZ-ZZZ4', pesel, { 'Accept-Language': 'en' });
    expect(overIp.status).toBe(429);
    expect(seen(overIp.text)).toContain('Too many attempts');
  });

  it('opens without a session and writes nothing, and the tenant’s home page links to it', async () => {
    const centre = await statusCentre();
    const counts = async () =>
      Promise.all(
        ['rate_limits', 'sessions', 'audit_log'].map(async (table) => (await db.current.owner(table).count())[0]),
      );
    const before = await counts();
    const visitor = newAgent(centre.app);
    const form = await visitor.get(`/${centre.slug}/cards/status`).expect(200);
    expect(String(form.headers['set-cookie'] ?? '')).not.toMatch(/okienko\.session\./);
    const fields = formIn(form.text, `/${centre.slug}/cards/status`).fields;
    expect(fields.filter((field) => field.type !== 'hidden').map((field) => field.id)).toEqual(['reference', 'pesel']);
    expect(form.text).toContain('<label for="reference">Numer wniosku</label>');
    expect(form.text).toContain('<label for="pesel">Numer PESEL posiadacza karty</label>');
    expect(await counts()).toEqual(before);
    const home = await visitor.get(`/${centre.slug}/`).expect(200);
    expect(home.text).toContain(`href="/${centre.slug}/cards/status"`);
  });
});
