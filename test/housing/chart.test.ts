// A premises' chart (issue #21): the last 24 months, not before the resident's right, drawn on
// the server as an SVG named for assistive technology, with the same numbers as a table; each
// month's charges, what was paid or credited, and the balance at its end over all funds.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { cooperative } from './housing-support.ts';

const db = useTestDatabase();

describe("a premises' chart", () => {
  it('shows each month since the right began as bars and a balance line, and as a table', async () => {
    const coop = await cooperative(db.current);
    const overview = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    const path = `/${coop.slug}/premises/${coop.flat.id}/chart`;
    expect(overview.text).toContain(`href="${path}"`);
    const page = await coop.annaBrowser.get(path).expect(200);
    expect(page.text).toContain('role="img" aria-labelledby="chart-title chart-desc"');
    expect(page.text.match(/<rect class="chart__charged"/g)).toHaveLength(12 + 1);
    expect(/<polyline class="chart__balance" points="([^"]+)"/.exec(page.text)![1]!.split(' ')).toHaveLength(12);
    const text = visibleText(page.text);
    expect(text).toContain(
      'Miesiąc styczeń 2026 Naliczono 391,44 zł Wpłacono lub uznano 391,44 zł Saldo na koniec miesiąca 0,00 zł',
    );
    expect(text).toContain(
      'Miesiąc listopad 2026 Naliczono 391,44 zł Wpłacono lub uznano 100,00 zł Saldo na koniec miesiąca 291,44 zł',
    );
    expect(text).toContain(
      'Miesiąc grudzień 2026 Naliczono 391,44 zł Wpłacono lub uznano 0,00 zł Saldo na koniec miesiąca 682,88 zł',
    );
    expect(text).not.toContain('grudzień 2025');
    await coop.piotrBrowser.get(path).expect(404);
  });
});
