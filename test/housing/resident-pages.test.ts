// The resident's e-BOK pages through the real app (issue #21): the overview of a premises with
// its fees and their basis, the balance per fund, the last payment; the balance as of a day;
// the turnover with running balances, monthly totals, a title filter and a CSV a spreadsheet
// opens safely. Bad input gets its message by the field and changes nothing.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { postCharge } from '../../src/features/money/index.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative } from './housing-support.ts';

const db = useTestDatabase();

describe("a resident's premises", () => {
  it('are listed from the dashboard, and the overview shows the fees with their basis, the balances and the last payment', async () => {
    const coop = await cooperative(db.current);
    const dashboard = await coop.annaBrowser.get(`/${coop.slug}/account`).expect(200);
    expect(dashboard.text).toContain(`href="/${coop.slug}/premises"`);
    const list = await coop.annaBrowser.get(`/${coop.slug}/premises`).expect(200);
    expect(visibleText(list.text)).toContain('ul. Słoneczna 12, lokal 1');
    expect(visibleText(list.text)).toContain('spółdzielcze prawo do lokalu, od 1 stycznia 2026');
    expect(list.text).toContain(`href="/${coop.slug}/premises/${coop.flat.id}"`);
    expect(list.text).not.toContain(coop.piotrsFlat.id);

    const page = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Saldo na dzień 11 grudnia 2026');
    expect(text).toContain('Opłaty eksploatacyjne: 582,88 zł do zapłaty');
    expect(text).toContain('Fundusz remontowy: 100,00 zł do zapłaty');
    expect(text).toContain('Ostatnia wpłata: 100,00 zł z dnia 8 listopada 2026 (Fundusz remontowy).');
    expect(text).toContain('Eksploatacja Podstawa 52,30 m² × 3,45 zł za m² Miesięcznie 180,44 zł');
    expect(text).toContain('Wywóz odpadów Podstawa 3 os. × 37,00 zł za osobę Miesięcznie 111,00 zł');
    expect(text).toContain('Razem miesięcznie 391,44 zł');
    expect(text).toContain('Powierzchnia użytkowa 52,30 m²');
    expect(text).toContain(coop.flat.code);
    expect(text).toMatch(/Numer konta do wpłat \d{2}( \d{4}){6}/);
  });

  it('show the balance as of a day the resident picks, in their language', async () => {
    const coop = await cooperative(db.current);
    const base = `/${coop.slug}/premises/${coop.flat.id}/balance`;
    const june = await coop.annaBrowser.get(`${base}?date=2026-06-30`).expect(200);
    expect(visibleText(june.text)).toContain('Saldo na koniec dnia 30 czerwca 2026');
    expect(visibleText(june.text)).toContain('Opłaty eksploatacyjne: 0,00 zł rozliczone');
    const november = await coop.annaBrowser.get(`${base}?date=2026-11-09&lang=en`).expect(200);
    expect(visibleText(november.text)).toContain('Balance at the end of 9 November 2026');
    expect(visibleText(november.text)).toContain('Maintenance charges: PLN 291.44 to pay');
    const czech = await coop.annaBrowser.get(`${base}?date=2026-11-09&lang=cs`).expect(200);
    expect(visibleText(czech.text)).toContain('Zůstatek na konci dne 9. listopadu 2026');
  });

  it.each([
    ['date=2026-02-30', 'Wpisz dzień jako RRRR-MM-DD, na przykład 2026-12-01.'],
    ['date=yesterday', 'Wpisz dzień jako RRRR-MM-DD, na przykład 2026-12-01.'],
    ['date=2025-12-31', 'Wybierz dzień od 1 stycznia 2026 do 11 grudnia 2026'],
    ['date=2027-01-01', 'Wybierz dzień od 1 stycznia 2026 do 11 grudnia 2026'],
  ])('refuse a day that is none or outside the right (%s) with 422 by the field', async (query, message) => {
    const coop = await cooperative(db.current);
    const page = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}/balance?${query}`).expect(422);
    expect(visibleText(page.text)).toContain(message);
    expect(page.text).toContain('<li><a href="#date">');
    expect(page.text).toContain('id="date"');
  });

  it('show the turnover with running balances and monthly totals, narrowed by title', async () => {
    const coop = await cooperative(db.current);
    const base = `/${coop.slug}/premises/${coop.flat.id}/turnover`;
    const page = await coop.annaBrowser.get(`${base}?from=2026-10-01&to=2026-11-30`).expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Opłaty eksploatacyjne: obroty od 1 października 2026 do 30 listopada 2026');
    expect(text).toContain('Saldo na początek okresu: 0,00 zł');
    expect(text).toContain('1 października 2026 Operacja Należność: Opłaty 10/2026 Naliczono 291,44 zł');
    expect(text).toContain('Wpłata: Wpłata 10/2026 Naliczono Wpłacono lub uznano 291,44 zł Saldo po operacji 0,00 zł');
    expect(text).toContain('Saldo na koniec okresu: 291,44 zł');
    expect(text).toContain('listopad 2026 Naliczono 291,44 zł Wpłacono lub uznano 0,00 zł');
    const filtered = await coop.annaBrowser.get(`${base}?from=2026-01-01&to=2026-12-11&title=fundusz`).expect(200);
    const shown = visibleText(filtered.text);
    expect(shown).toContain('Fundusz remontowy 12/2026');
    expect(shown).not.toContain('Opłaty 12/2026');
    // Without a period: the last twelve months up to today.
    const plain = await coop.annaBrowser.get(base).expect(200);
    expect(plain.text).toContain('value="2026-01-01"');
    expect(plain.text).toContain('value="2026-12-11"');
  });

  it('export the turnover as CSV with every formula neutralised', async () => {
    const coop = await cooperative(db.current);
    const context = {
      tenant: { id: coop.tenant.id } as Tenant,
      actor: { kind: 'system' as const, job: 'test' },
      requestId: 't',
    };
    await withTenant(db.current.app, coop.tenant.id, (trx) =>
      postCharge(trx, context, {
        accountId: coop.flat.accounts.maintenance.id,
        amount: 100,
        title: '=HYPERLINK("http://evil.example","klik")',
        bookedOn: '2026-12-02',
        dueOn: '2026-12-10',
      }),
    );
    const page = await coop.annaBrowser
      .get(`/${coop.slug}/premises/${coop.flat.id}/turnover?from=2026-12-01&to=2026-12-11`)
      .expect(200);
    const csvPath = /href="([^"]+turnover\.csv[^"]*)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    const csv = await coop.annaBrowser.get(csvPath).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`obroty-${coop.flat.code}-2026-12-01-2026-12-11.csv`);
    expect(csv.text.startsWith('\ufeffFundusz;Data;Rodzaj;Tytuł;Naliczono;Wpłacono;Saldo')).toBe(true);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(csv.text).toContain('Opłaty eksploatacyjne;2026-12-01;Należność;Opłaty 12/2026;291.44;;582.88');
    expect(csv.text).not.toMatch(/;=HYPERLINK/);
  });

  it.each([
    ['from=2026-12-01&to=2026-11-01', 'Dzień końcowy nie może być wcześniejszy niż początkowy.', 'to'],
    ['from=2025-06-01&to=2026-01-31', 'Wybierz dzień od 1 stycznia 2026 do 11 grudnia 2026', 'from'],
    ['from=2026-01-01&to=2027-01-31', 'Wybierz dzień od 1 stycznia 2026 do 11 grudnia 2026', 'to'],
    ['from=01.01.2026', 'Wpisz dzień jako RRRR-MM-DD, na przykład 2026-12-01.', 'from'],
  ])('refuse a bad period (%s) with 422 by the field', async (query, message, field) => {
    const coop = await cooperative(db.current);
    const page = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}/turnover?${query}`).expect(422);
    expect(visibleText(page.text)).toContain(message);
    expect(page.text).toContain(`<li><a href="#${field}">`);
  });
});
