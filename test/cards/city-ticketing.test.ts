// The city card's files for the operator's ticketing system (issue #23; docs/ticketing-export.md):
// the hot list has a card blocked by its holder online as soon as the block commits (and within
// its own transaction), and the bearer cards blocked at the counter; the pending loads file has
// the handovers' first loads, comes again the same until a manager confirms it, and marks only
// the loads the page listed; cells a spreadsheet would run are neutralised; it is a manager's.
import { describe, expect, it } from 'vitest';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { hotList } from '../../src/features/cards/city/ticketing/ticketing.service.ts';
import { moveCard } from '../../src/features/cards/transitions.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import {
  asClerk,
  cardRow,
  cityOperator,
  deps,
  HANDOVER,
  handOver,
  loadRows,
  periodTicket,
  readyCard,
} from './city-handover-support.ts';

const db = useTestDatabase();
const seen = (html: string) => visibleText(html).replace(/ ([:.,;])/g, '$1');
const ticketing = (centre: SportsCentre) => `/${centre.slug}/admin/cards/ticketing`;
const lines = (csv: string) => csv.trimEnd().split('\r\n');

/** A card of the centre's client handed over with a 10,00 zł top-up: its number. */
async function activeCard(centre: SportsCentre): Promise<{ cardId: string; number: string }> {
  const cardId = await readyCard(db.current, centre);
  expect((await handOver(centre, cardId)).status).toBe(303);
  return { cardId, number: (await cardRow(db.current, centre, cardId))!.number as string };
}

describe('the hot list', () => {
  it('has a card its holder blocked online the moment the block commits, and within its transaction', async () => {
    const centre = await cityOperator(db.current);
    const { cardId, number } = await activeCard(centre);
    const before = await centre.managerBrowser.get(`${ticketing(centre)}/hot-list.csv`).expect(200);
    expect(lines(before.text)).toEqual(['card_number,blocked_at']);

    const ownPage = `/${centre.slug}/cards/karta-miejska/applications/${cardId}`;
    const own = await centre.browser.get(ownPage).expect(200);
    expect(seen(own.text)).toContain('Zablokuj kartę');
    expect((await postForm(centre.browser, formIn(own.text, `${ownPage}/block`))).status).toBe(303);
    const after = await centre.managerBrowser.get(`${ticketing(centre)}/hot-list.csv`).expect(200);
    expect(after.headers['content-type']).toContain('text/csv');
    expect(after.headers['content-disposition']).toContain('hot-list');
    expect(lines(after.text)).toEqual([
      'card_number,blocked_at',
      expect.stringMatching(new RegExp(`^${number},\\d{4}-`)),
    ]);
    const page = seen((await centre.managerBrowser.get(ticketing(centre)).expect(200)).text);
    expect(page).toContain('1 zablokowana karta.');
    expect(page).toContain(number);
  });

  it('has a card blocked by a clerk inside the blocking transaction, and not before it', async () => {
    const centre = await cityOperator(db.current);
    const { cardId, number } = await activeCard(centre);
    const inside = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      const card = (await cardById(trx, cardId))!;
      const untouched = await hotList(trx);
      await moveCard(trx, deps, asClerk(centre), { card, type: centre.cardType, name: 'block' });
      return { untouched, blocked: await hotList(trx) };
    });
    expect(inside.untouched).toEqual([]);
    expect(inside.blocked.map((card) => card.number)).toEqual([number]);
  });
});

describe('the pending loads', () => {
  it('come again the same until the manager confirms them, then only what is new', async () => {
    clock.set(new Date('2026-12-15T09:00:00Z'));
    const centre = await cityOperator(db.current);
    const { number } = await activeCard(centre);
    const page = await centre.managerBrowser.get(ticketing(centre)).expect(200);
    expect(seen(page.text)).toContain('1 doładowanie do eksportu.');
    const download = /href="([^"]*pending-loads\.csv[^"]*)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    const first = await centre.managerBrowser.get(download).expect(200);
    expect(lines(first.text)).toEqual([
      'load_id,card_number,kind,amount,currency,ticket_name,valid_from,valid_until,origin,moved_from_card_number,created_at',
      expect.stringMatching(
        new RegExp(`^[0-9a-f-]{36},${number},top_up,10.00,PLN,,,,handover,,2026-12-15T09:00:00.000Z$`),
      ),
    ]);
    expect((await centre.managerBrowser.get(download).expect(200)).text).toBe(first.text);

    const confirm = formIn(page.text, `${ticketing(centre)}/pending-loads/exported`);
    const marked = await postForm(centre.managerBrowser, confirm);
    expect(marked.status).toBe(303);
    expect(seen((await centre.managerBrowser.get(String(marked.headers.location))).text)).toContain(
      '1 doładowanie oznaczono jako wyeksportowane.',
    );
    expect(lines((await centre.managerBrowser.get(download).expect(200)).text)).toHaveLength(1);
    expect((await loadRows(db.current, centre))[0]!.exported_at).toEqual(clock.now());
    // Confirming the same list again marks nothing more.
    expect((await postForm(centre.managerBrowser, confirm)).status).toBe(409);
  });

  it('marks nothing when a load joined the list after the page was shown', async () => {
    clock.set(new Date('2026-12-16T09:00:00Z'));
    const centre = await cityOperator(db.current);
    await activeCard(centre);
    const page = await centre.managerBrowser.get(ticketing(centre)).expect(200);
    // Recorded at the same instant, as a transaction committing just after the page was read.
    await activeCard(centre);
    const changed = await postForm(
      centre.managerBrowser,
      formIn(page.text, `${ticketing(centre)}/pending-loads/exported`),
    );
    expect(changed.status).toBe(409);
    expect(seen(changed.text)).toContain('Od wyświetlenia strony zmieniły się doładowania do eksportu.');
    expect((await loadRows(db.current, centre)).every((load) => load.exported_at === null)).toBe(true);
    expect(seen(changed.text)).toContain('2 doładowania do eksportu.');
  });

  it('neutralises a cell a spreadsheet would run, and is a manager’s alone', async () => {
    const centre = await cityOperator(db.current);
    const ticket = await periodTicket(db.current, centre, '=HYPERLINK("http://example.test")');
    const cardId = await readyCard(db.current, centre);
    const fill = { ...HANDOVER, load: 'ticket', ticket: ticket.code, topUp: '' };
    expect((await handOver(centre, cardId, fill)).status).toBe(303);
    const file = await centre.managerBrowser.get(`${ticketing(centre)}/pending-loads.csv`).expect(200);
    expect(file.text).toContain(`"'=HYPERLINK(""http://example.test"")"`);
    await centre.clerkBrowser.get(ticketing(centre)).expect(403);
    await centre.clerkBrowser.get(`${ticketing(centre)}/hot-list.csv`).expect(403);
  });
});
