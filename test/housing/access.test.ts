// Who sees a premises (issue #21, source 002: only the people with a right to it): another
// resident of the same tenant gets a 404 on every page of it, as does a resident of another
// tenant and an id that is none; a right that ended shows nothing dated after it, and one that
// began shows nothing before it.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative, formerResident } from './housing-support.ts';

const db = useTestDatabase();

const pagesOf = (slug: string, premisesId: string) =>
  ['', '/balance?date=2026-06-30', '/turnover', '/turnover.csv'].map(
    (page) => `/${slug}/premises/${premisesId}${page}`,
  );

describe('a premises', () => {
  it('is a 404 on every page for another resident of the same tenant', async () => {
    const coop = await cooperative(db.current);
    for (const path of pagesOf(coop.slug, coop.flat.id)) {
      const answer = await coop.piotrBrowser.get(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.text).not.toContain('582,88');
    }
    const own = await coop.piotrBrowser.get(`/${coop.slug}/premises`).expect(200);
    expect(own.text).not.toContain(coop.flat.id);
  });

  it('is a 404 for a resident of another tenant, and for an id that is none', async () => {
    const coop = await cooperative(db.current);
    const other = await cooperative(db.current);
    for (const path of pagesOf(other.slug, coop.flat.id)) await other.annaBrowser.get(path).expect(404);
    // Anna's own session is her tenant's: at the other tenant's address she is not signed in.
    const crossing = await coop.annaBrowser.get(`/${other.slug}/premises/${other.flat.id}`);
    expect(crossing.status).not.toBe(200);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', `${coop.flat.id}'--`]) {
      await coop.annaBrowser.get(`/${coop.slug}/premises/${encodeURIComponent(id)}`).expect(404);
    }
  });

  it('shows nothing dated after a right that ended, nor before one that began', async () => {
    const coop = await cooperative(db.current);
    const browser = await formerResident(db.current, coop);
    const overview = visibleText((await browser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200)).text);
    expect(overview).toContain('Twoje prawo do lokalu zakończyło się 30 czerwca 2026.');
    expect(overview).toContain('Saldo na dzień 30 czerwca 2026');
    expect(overview).toContain('Ostatnia wpłata: 291,44 zł z dnia 8 czerwca 2026');
    expect(overview).not.toContain('582,88');
    await browser.get(`/${coop.slug}/premises/${coop.flat.id}/balance?date=2026-07-01`).expect(422);
    await browser.get(`/${coop.slug}/premises/${coop.flat.id}/balance?date=2026-02-28`).expect(422);
    await browser.get(`/${coop.slug}/premises/${coop.flat.id}/turnover?from=2026-06-01&to=2026-07-31`).expect(422);
    const turnover = await browser.get(`/${coop.slug}/premises/${coop.flat.id}/turnover`).expect(200);
    expect(turnover.text).toContain('value="2026-03-01"');
    expect(turnover.text).toContain('value="2026-06-30"');
    expect(visibleText(turnover.text)).not.toMatch(/lipca 2026|lipiec 2026|lutego 2026/);
  });
});
