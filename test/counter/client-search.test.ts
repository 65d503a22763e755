// The counter's search (issue #19) through the real app, as a clerk uses it: the form on the
// page, posted with its own fields. Names found in any order with the marks folded both ways,
// a PESEL, an e-mail and a login found exactly, a typo offered the closest names, keyset pages,
// too short a query refused, every search audited with a PESEL masked, the search rate-limited
// per member of staff, and another tenant's clients never found.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient, createClientWithPesel } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { formIn, formsIn, postForm, submitForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import type { Agent } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));
const PESEL = '44051401359';

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  const make = (first: string, last: string, more: Record<string, unknown> = {}) =>
    createActiveClient(db.current.app, portal.tenant.id, { first_name: first, last_name: last, ...more });
  return { ...portal, clerk, browser: await portal.as(clerk), make };
}

const searchPage = (slug: string, lang = 'en') => `/${slug}/admin/clients?lang=${lang}`;

/** Types the query into the page's search box and sends it, as a clerk does. */
function search(browser: Agent, slug: string, q: string, lang = 'en') {
  return submitForm(browser, searchPage(slug, lang), { q }, { action: `/${slug}/admin/clients` });
}

/** The names in the result tables, as the links to the clients' pages show them. */
function namesIn(html: string): string[] {
  return [...html.matchAll(/<a href="\/[^"]+\/admin\/clients\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe('finding a client by name', () => {
  it('folds Polish and Czech marks both ways and takes the names in any order', async () => {
    const { slug, browser, make } = await setUp();
    await make('Barbara', 'Żółkiewska');
    await make('Jiří', 'Dvořák');
    await make('Jan', 'Kowalski');
    for (const [typed, found] of [
      ['zolkiewska', 'Żółkiewska Barbara'],
      ['ŻÓŁKIEWSKA', 'Żółkiewska Barbara'],
      ['barbara żółk', 'Żółkiewska Barbara'],
      ['dvorak', 'Dvořák Jiří'],
      ['Dvořák', 'Dvořák Jiří'],
      ['jiri dvo', 'Dvořák Jiří'],
    ] as const) {
      const response = await search(browser, slug, typed);
      expect([typed, response.status]).toEqual([typed, 200]);
      expect([typed, namesIn(response.text)]).toEqual([typed, [found]]);
    }
    // Typing the marks finds the plain spelling too; the two sort as one name.
    await make('Ewa', 'Zolkiewska');
    expect(namesIn((await search(browser, slug, 'Żółkiewska')).text)).toEqual(['Żółkiewska Barbara', 'Zolkiewska Ewa']);
  });

  it('offers the closest names when none contains what was typed, and says so', async () => {
    const { slug, browser, make } = await setUp();
    await make('Jan', 'Kowalski');
    await make('Ewa', 'Nowak');
    const response = await search(browser, slug, 'Kowlaski');
    expect(namesIn(response.text)).toEqual(['Kowalski Jan']);
    expect(visibleText(response.text)).toContain("No client's name matches “Kowlaski”. These names are the closest:");
  });

  it('pages through many results in name order, the next page from the form the page shows', async () => {
    const { slug, browser, make } = await setUp();
    const last = ['Nowak', 'Nowakowska', 'Nowicka'];
    for (let i = 0; i < 25; i += 1) await make(`Anna${String.fromCharCode(97 + i)}`, last[i % 3]!);
    const first = await search(browser, slug, 'now');
    const firstNames = namesIn(first.text);
    expect(firstNames).toHaveLength(20);
    // Two forms post there: the search box and the next page's button, which carries `after`.
    const more = formsIn(first.text).find((form) => form.fields.some((field) => field.name === 'after'));
    expect(more?.action).toBe(`/${slug}/admin/clients`);
    const next = await postForm(browser, more!);
    expect(next.status).toBe(200);
    const pages = [...firstNames, ...namesIn(next.text)];
    expect(pages).toHaveLength(25);
    expect(new Set(pages).size).toBe(25);
    const sorted = [...pages].sort((a, b) => (a.replace('ł', 'l') < b.replace('ł', 'l') ? -1 : 1));
    expect(pages).toEqual(sorted);
    expect(visibleText(next.text)).not.toContain('Show more results');
  });
});

describe('finding a client by an identifier', () => {
  it('finds a PESEL exactly (spaces allowed), through the blind index, and shows it masked', async () => {
    const { slug, browser, tenant } = await setUp();
    await createClientWithPesel(db.current.app, tenant.id, PESEL, { first_name: 'Piotr', last_name: 'Zieliński' });
    await createClientWithPesel(db.current.app, tenant.id, '02070803628', {
      first_name: 'Olga',
      last_name: 'Zielińska',
    });
    for (const typed of [PESEL, '440514 01359']) {
      const response = await search(browser, slug, typed);
      expect(namesIn(response.text)).toEqual(['Zieliński Piotr']);
      // Neither the heading, the box nor the result line repeats the number.
      expect(response.text.replace(/\s/g, '')).not.toContain(PESEL);
      expect(visibleText(response.text)).toContain('Zieliński Piotr PESEL number born 14 May 1944, PESEL ending …59');
    }
    // One digit off is another number, not a near match.
    expect(namesIn((await search(browser, slug, '44051401358')).text)).toEqual([]);
  });

  it('finds an e-mail address and a login exactly, whatever their case', async () => {
    const { slug, browser, make } = await setUp();
    await make('Marta', 'Lis', { email: 'Marta.Lis@Example.org', login: 'mlis77' });
    await make('Marek', 'Lisowski', { email: 'marek@example.org' });
    expect(namesIn((await search(browser, slug, 'marta.lis@example.ORG')).text)).toEqual(['Lis Marta']);
    expect(namesIn((await search(browser, slug, 'MLIS77')).text)).toEqual(['Lis Marta']);
    expect(namesIn((await search(browser, slug, 'marta.lis@example')).text)).toEqual([]);
  });
});

describe('what the search refuses and records', () => {
  it('refuses fewer than 2 characters with a message in the clerk’s language, and searches nothing', async () => {
    const { slug, browser, tenant } = await setUp();
    const before = await auditRows(tenant.id);
    for (const [lang, message] of [
      ['en', 'Type at least 2 characters.'],
      ['pl', 'Wpisz co najmniej 2 znaki.'],
      ['cs', 'Napište alespoň 2 znaky.'],
    ] as const) {
      const response = await search(browser, slug, ' a ', lang);
      expect(response.status).toBe(422);
      expect(visibleText(response.text)).toContain(message);
    }
    expect(await auditRows(tenant.id)).toEqual(before);
  });

  it('answers a tampered page field with a message, not an error page', async () => {
    const { slug, browser } = await setUp();
    const page = await browser.get(searchPage(slug)).expect(200);
    const form = formIn(page.text, `/${slug}/admin/clients`);
    const response = await postForm(
      browser,
      {
        ...form,
        fields: [
          ...form.fields,
          { name: 'after', type: 'hidden', id: undefined, value: 'x', checked: false, options: [] },
        ],
      },
      { q: 'Nowak' },
    );
    expect(response.status).toBe(422);
    expect(visibleText(response.text)).toContain('The page of results asked for does not exist.');
  });

  it('audits every search with what was typed, a PESEL masked', async () => {
    const { slug, browser, tenant, clerk } = await setUp();
    await search(browser, slug, 'Kowalska');
    await search(browser, slug, PESEL);
    await search(browser, slug, '440514 01359');
    const rows = (await auditRows(tenant.id)).filter((row) => row.action === 'clients.searched');
    expect(rows.map((row) => [row.actor_id, row.changes])).toEqual([
      [clerk.id, { query: [null, 'Kowalska'] }],
      [clerk.id, { query: [null, 'PESEL(1944-05-14, …59)'] }],
      [clerk.id, { query: [null, 'PESEL(1944-05-14, …59)'] }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(PESEL);
  });

  it('limits how fast one member of staff searches, not the others', async () => {
    const created = await createTenant(db.current.owner);
    const { app, registry } = await createTestApp(db.current, {
      clock,
      limits: { clientSearchesPerStaff: { points: 2, durationSeconds: 60 } },
    });
    const tenant = registry.findById(created.id)!;
    const [one, two] = [
      await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' }),
      await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' }),
    ];
    const first = await staffBrowser(db.current.app, app, tenant, one, clock);
    expect((await search(first, tenant.slug, 'Nowak')).status).toBe(200);
    expect((await search(first, tenant.slug, 'Nowak')).status).toBe(200);
    const refused = await search(first, tenant.slug, 'Nowak');
    expect(refused.status).toBe(429);
    expect(visibleText(refused.text)).toContain('Try again in 1 minute.');
    const second = await staffBrowser(db.current.app, app, tenant, two, clock);
    expect((await search(second, tenant.slug, 'Nowak')).status).toBe(200);
  });
});

describe('tenants', () => {
  it('never finds another tenant’s client, by name, e-mail or PESEL', async () => {
    const { slug, browser } = await setUp();
    const other = await createTenant(db.current.owner);
    await createClientWithPesel(db.current.app, other.id, PESEL, {
      first_name: 'Obca',
      last_name: 'Osoba',
      email: 'obca@example.org',
    });
    for (const typed of ['Osoba', 'obca@example.org', PESEL]) {
      const response = await search(browser, slug, typed);
      expect([typed, response.status, namesIn(response.text)]).toEqual([typed, 200, []]);
    }
  });
});

interface AuditRow {
  action: string;
  actor_id: string | null;
  changes: unknown;
}

function auditRows(tenantId: string): Promise<AuditRow[]> {
  return withTenant(db.current.app, tenantId as never, (trx) =>
    trx('audit_log').orderBy('occurred_at').orderBy('id').select('action', 'actor_id', 'changes'),
  );
}
