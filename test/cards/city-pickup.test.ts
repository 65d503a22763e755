// The city card's pickup window and the worker's lapse job (issue #23, source 001): a card ready
// for pickup stays there up to the last day of its window, in the tenant's time zone, and lapses
// from the next day, by the portal alone, with the card-state mail; across a holiday season, a
// last day on a Saturday and a leap year. The job works for every tenant, takes each card once
// (a second run, or a second worker at the same moment, finds nothing), and lapses no card that
// is not ready for pickup.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { lapseUncollectedCards } from '../../src/features/cards/city/pickup/lapse.job.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { loadedRegistry, outboxRows, sealedParamsOf, testOutbox } from '../support/mail.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import { cardPath, cardRow, cityOperator, readyCard, stepsByClerk, submittedCard } from './city-handover-support.ts';

const db = useTestDatabase();

/** The worker's pass at the instant, over every tenant the worker knows. */
async function lapseAt(instant: string): Promise<number> {
  const registry = await loadedRegistry(db.current);
  const at = controllableClock(new Date(instant));
  return lapseUncollectedCards({
    tenantDb: db.current.app,
    tenants: () => registry.all(),
    outbox: testOutbox(at),
    clock: at,
  });
}

/** What the card's history says, oldest first: each step and who took it. */
const historyOf = (centre: SportsCentre, cardId: string) =>
  withTenant(db.current.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'card_events').where({ card_id: cardId }).orderBy('occurred_at').select('transition', 'actor_role'),
  );

/** The states the card-state mails about this card's applicant told, in order. */
const lapseMails = async (centre: SportsCentre) =>
  (await outboxRows(db.current))
    .filter((row) => row.template === 'card-state' && row.recipient === centre.client.email)
    .map((row) => sealedParamsOf(row).state)
    .filter((state) => state === 'lapsed');

describe('the pickup window of a city card', () => {
  it('keeps a card submitted on 22 December 2026 ready up to 21 January 2027 and lapses it on the 22nd, with a mail', async () => {
    clock.set(new Date('2026-12-22T10:00:00Z'));
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const page = visibleText((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(page).toContain('Termin odbioru od 31 grudnia 2026 do 21 stycznia 2027');

    // 23:59 in Warsaw on the last day: still within the window.
    expect(await lapseAt('2027-01-21T22:59:00Z')).toBe(0);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'ready' });
    // Midnight in Warsaw: the window has passed.
    expect(await lapseAt('2027-01-21T23:00:00Z')).toBe(1);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'lapsed' });
    expect((await historyOf(centre, cardId)).at(-1)).toEqual({ transition: 'lapse', actor_role: 'system' });
    expect(await lapseMails(centre)).toEqual(['lapsed']);

    expect(await lapseAt('2027-01-22T09:00:00Z')).toBe(0);
    expect(await lapseMails(centre)).toEqual(['lapsed']);
  });

  it('ends a window on Monday 1 June 2026 when its 30th day, 30 May, is a Saturday', async () => {
    clock.set(new Date('2026-04-30T08:00:00Z'));
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const page = visibleText((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(page).toContain('Termin odbioru od 8 maja 2026 do 1 czerwca 2026');
    expect(await lapseAt('2026-05-31T12:00:00Z')).toBe(0);
    expect(await lapseAt('2026-06-01T21:59:00Z')).toBe(0);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'ready' });
    expect(await lapseAt('2026-06-01T22:00:00Z')).toBe(1);
    expect(await cardRow(db.current, centre, cardId)).toMatchObject({ state: 'lapsed' });
  });

  it('counts a window across the leap day: submitted on 29 February 2028, it ends on 30 March', async () => {
    clock.set(new Date('2028-02-29T11:00:00Z'));
    const centre = await cityOperator(db.current);
    const cardId = await readyCard(db.current, centre);
    const page = visibleText((await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200)).text);
    expect(page).toContain('Termin odbioru od 7 marca 2028 do 30 marca 2028');
    expect(await lapseAt('2028-03-30T21:00:00Z')).toBe(0);
    expect(await lapseAt('2028-03-30T22:00:00Z')).toBe(1);
  });

  it('lapses every tenant’s card once, when two workers run at the same moment', async () => {
    clock.set(new Date('2027-03-01T10:00:00Z'));
    const centres = [await cityOperator(db.current), await cityOperator(db.current)];
    const cards = [await readyCard(db.current, centres[0]!), await readyCard(db.current, centres[1]!)];
    const passes = await Promise.all([lapseAt('2027-04-15T10:00:00Z'), lapseAt('2027-04-15T10:00:00Z')]);
    expect(passes[0]! + passes[1]!).toBe(2);
    for (const [index, centre] of centres.entries()) {
      expect(await cardRow(db.current, centre, cards[index]!)).toMatchObject({ state: 'lapsed' });
      expect((await historyOf(centre, cards[index]!)).filter((event) => event.transition === 'lapse')).toHaveLength(1);
      expect(await lapseMails(centre)).toEqual(['lapsed']);
    }
  });

  it('lapses no card that is not ready for pickup, however long ago it was submitted', async () => {
    clock.set(new Date('2027-05-03T10:00:00Z'));
    const centre = await cityOperator(db.current);
    const approved = await submittedCard(db.current, centre);
    await stepsByClerk(db.current, centre, approved, ['approve']);
    const produced = await submittedCard(db.current, centre);
    await stepsByClerk(db.current, centre, produced, ['approve', 'produce']);
    expect(await lapseAt('2027-09-01T10:00:00Z')).toBe(0);
    expect(await cardRow(db.current, centre, approved)).toMatchObject({ state: 'approved' });
    expect(await cardRow(db.current, centre, produced)).toMatchObject({ state: 'produced' });
    const page = visibleText((await centre.clerkBrowser.get(cardPath(centre, produced)).expect(200)).text);
    expect(page).toContain('Termin odbioru od 10 maja 2027 do 2 czerwca 2027');
  });
});
