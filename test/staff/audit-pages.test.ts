// The managers' audit log page (issue #18) through the real app: filters by member of staff,
// subject, action and a range of days in the tenant's time zone (Europe/Warsaw here), keyset
// pages joined by the "older" link with the filters kept, values shown masked as stored, the
// CSV with its headers, translated heading row and neutralised cells, and every bad filter a
// clear 422 page, never a 500.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { recordAudit } from '../../src/platform/audit/record.ts';
import { maskDigitRuns } from '../../src/platform/audit/sanitise.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { decodeEntities, visibleText } from '../http/html.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  return { ...portal, browser: await portal.as(portal.manager) };
}

interface Entry {
  at: string;
  requestId: string;
  staffId?: string;
  action?: string;
  subjectId?: string;
}

/** Rows as the log holds them, at chosen instants (the owner may set the time; the app may not). */
async function insertRows(tenantId: string, entries: Entry[]): Promise<void> {
  await withTenant(db.current.owner, asTenantId(tenantId), (trx) =>
    trx('audit_log').insert(
      entries.map((entry) => ({
        occurred_at: new Date(entry.at),
        actor_kind: 'staff',
        actor_id: entry.staffId ?? crypto.randomUUID(),
        actor_role: 'clerk',
        action: entry.action ?? 'client.viewed',
        subject_kind: 'client',
        subject_id: entry.subjectId ?? crypto.randomUUID(),
        request_id: entry.requestId,
      })),
    ),
  );
}

/** The request ids the page shows, in its order: each row's own. */
const shownRequests = (html: string): string[] =>
  [...html.matchAll(/<code>(req-[a-z0-9-]+)<\/code>/g)].map((match) => match[1]!);

const olderLink = (html: string): string | undefined => {
  const href = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
  return href === undefined ? undefined : decodeEntities(href);
};

describe('the audit log page', () => {
  it('filters by member, subject, action and days in the tenant’s time zone', async () => {
    const { slug, browser, tenant, manager } = await setUp();
    const client = crypto.randomUUID();
    await insertRows(tenant.id, [
      // 1 March 23:30 UTC is 2 March 00:30 in Warsaw; 3 March 23:00 UTC is 4 March 00:00 there.
      { at: '2026-03-01T22:30:00Z', requestId: 'req-feb-edge' },
      { at: '2026-03-01T23:30:00Z', requestId: 'req-a', staffId: manager.id, subjectId: client },
      { at: '2026-03-02T10:00:00Z', requestId: 'req-b', action: 'client.email_changed', subjectId: client },
      { at: '2026-03-03T22:59:00Z', requestId: 'req-c', staffId: manager.id },
      { at: '2026-03-03T23:00:00Z', requestId: 'req-d', subjectId: client },
    ]);
    const page = async (query: string) => {
      const response = await browser.get(`/${slug}/admin/audit?lang=en&${query}`).expect(200);
      return shownRequests(response.text);
    };
    expect(await page('')).toEqual(['req-d', 'req-c', 'req-b', 'req-a', 'req-feb-edge']);
    expect(await page('from=2026-03-02&to=2026-03-03')).toEqual(['req-c', 'req-b', 'req-a']);
    expect(await page(`staff=${manager.id}`)).toEqual(['req-c', 'req-a']);
    expect(await page(`subject=${client.toUpperCase()}`)).toEqual(['req-d', 'req-b', 'req-a']);
    expect(await page('action=client.email_changed')).toEqual(['req-b']);
    expect(await page(`subject=${client}&from=2026-03-04`)).toEqual(['req-d']);
    // The chosen member stays chosen, and the rows name members of staff by name.
    const filtered = await browser.get(`/${slug}/admin/audit?lang=en&staff=${manager.id}`).expect(200);
    expect(filtered.text).toContain(`<option value="${manager.id}" selected>`);
    expect(visibleText(filtered.text)).toContain(`${manager.name} (clerk)`);
  });

  it('pages by keyset through the older link, the filters kept, every row once', async () => {
    const { slug, browser, tenant } = await setUp();
    const entries: Entry[] = Array.from({ length: 120 }, (_, index) => ({
      // Pairs share an instant, so a page may end between rows of one instant.
      at: new Date(Date.UTC(2026, 5, 1, 8, 0, Math.floor(index / 2))).toISOString(),
      requestId: `req-${String(index).padStart(3, '0')}`,
      action: 'client.viewed',
    }));
    entries.push({ at: '2026-06-01T09:00:00Z', requestId: 'req-other', action: 'client.searched' });
    await insertRows(tenant.id, entries);

    const seen: string[] = [];
    let next: string | undefined = `/${slug}/admin/audit?lang=en&action=client.viewed`;
    const sizes: number[] = [];
    while (next) {
      const response = await browser.get(next).expect(200);
      const rows = shownRequests(response.text);
      sizes.push(rows.length);
      seen.push(...rows);
      next = olderLink(response.text);
      if (next) expect(next).toContain('action=client.viewed');
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).not.toContain('req-other');
    // Newest first: the last pair (one instant, their order by id) leads, the first pair ends.
    expect(seen.slice(0, 2).sort()).toEqual(['req-118', 'req-119']);
    expect(seen.slice(-2).sort()).toEqual(['req-000', 'req-001']);
  });

  it('shows values masked as stored', async () => {
    const { slug, browser, tenant, manager } = await setUp();
    await withTenant(db.current.app, asTenantId(tenant.id), (trx) =>
      recordAudit(
        trx,
        { actor: { kind: 'staff', staffId: manager.id, role: 'manager' }, requestId: 'req-masked' },
        {
          action: 'client.pesel_changed',
          subject: { kind: 'client', id: crypto.randomUUID() },
          changes: { pesel: [null, '44051401359'] },
        },
      ),
    );
    const response = await browser.get(`/${slug}/admin/audit?lang=en`).expect(200);
    expect(response.text).toContain('client.pesel_changed');
    expect(response.text).not.toContain('44051401359');
    expect(visibleText(response.text)).toContain(`pesel: null → ${JSON.stringify(maskDigitRuns('44051401359'))}`);
  });

  it('answers every bad filter with a clear message, never a 500, in pl, en and cs', async () => {
    const { slug, browser } = await setUp();
    const cases: [string, string][] = [
      ['lang=en&staff=not-a-uuid', 'Enter an ID as shown in the log'],
      ['lang=en&subject=1%27%20OR%201%3D1', 'Enter an ID as shown in the log'],
      ['lang=en&from=2026-02-30', 'Enter a real date'],
      ['lang=en&from=2026-03-05&to=2026-03-01', 'The end date cannot be before the start date.'],
      ['lang=en&action=DROP%20TABLE', 'Enter an action as shown in the log'],
      ['lang=en&action=a.b&action=c.d', 'There is a problem'],
      ['lang=en&after=not-a-cursor', 'The link to older entries is damaged or incomplete.'],
      ['lang=pl&from=wczoraj', 'Wpisz prawdziwą datę'],
      ['lang=cs&staff=x', 'Zadejte identifikátor'],
    ];
    for (const [query, message] of cases) {
      const response = await browser.get(`/${slug}/admin/audit?${query}`);
      expect([query, response.status]).toEqual([query, 422]);
      expect(visibleText(response.text)).toContain(message);
    }
    const csv = await browser.get(`/${slug}/admin/audit.csv?lang=en&to=2026-13-01`);
    expect(csv.status).toBe(422);
    expect(visibleText(csv.text)).toContain('Enter a real date');
  });
});

describe('the audit log as CSV', () => {
  it('downloads the filtered rows as an attachment, headed in the reader’s language, formulas neutralised', async () => {
    const { slug, browser, tenant } = await setUp();
    await insertRows(tenant.id, [
      { at: '2026-03-02T10:00:00Z', requestId: 'req-kept', action: 'client.viewed' },
      { at: '2026-03-02T11:00:00Z', requestId: '=HYPERLINK("https://evil.example/")', action: 'client.viewed' },
      { at: '2026-03-02T12:00:00Z', requestId: 'req-filtered-out', action: 'client.searched' },
    ]);
    const response = await browser
      .get(`/${slug}/admin/audit.csv?lang=pl&action=client.viewed`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename=okienko-${slug}-dziennik-zdarzen-2026-12-08.csv`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.body as string;
    expect(body.startsWith('\uFEFFKiedy (UTC),Kto (rodzaj),Kto (identyfikator),Rola,Działanie,')).toBe(true);
    const lines = body.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(body).toContain('req-kept');
    expect(body).not.toContain('req-filtered-out');
    expect(body).toContain(`"'=HYPERLINK(""https://evil.example/"")"`);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
