// The security page: the client's own live sessions (device, IP, times), never anyone else's,
// "sign out everywhere else", and the recent sign-in attempts in words.
import { describe, expect, it } from 'vitest';
import { visibleText } from '../http/html.ts';
import { clockStartingNow, MINUTE, warsawEnglishDateTime } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { submitForm } from '../support/forms.ts';
import { newAgent, setCookie, signInWith, type Agent } from '../support/sessions.ts';

const db = useTestDatabase();
const ENGLISH = { preferred_locale: 'en' };

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0';
const OPERA_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0';

/** A browser with its own User-Agent and address on every request, as a real one has. */
function browser(app: Parameters<typeof newAgent>[0], userAgent: string, ip: string): Agent {
  return newAgent(app).set('User-Agent', userAgent).set('X-Forwarded-For', ip).set('Accept-Language', 'en');
}

async function setUp() {
  const [tenant, other] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
  const clock = clockStartingNow();
  // The wrong password is at minute 0 of the clock, the two sign-ins at 1 and 2; `at` shows a
  // minute as the page does (English, the tenant's zone).
  const started = clock.now().getTime();
  const at = (minute: number): string => warsawEnglishDateTime(new Date(started + minute * MINUTE));
  const { app } = await createTestApp(db.current, { clock, trustProxy: true });
  // Signing in sets the language the client chose: English here, so the tests read English.
  const me = await createActiveClient(db.current.app, tenant.id, ENGLISH);
  const neighbour = await createActiveClient(db.current.app, tenant.id, ENGLISH);
  const elsewhere = await createActiveClient(db.current.app, other.id, ENGLISH);
  const laptop = browser(app, FIREFOX_LINUX, '198.51.100.11');
  const phone = browser(app, SAFARI_IPHONE, '203.0.113.22');
  const neighbours = browser(app, EDGE_WINDOWS, '192.0.2.33');
  const stranger = browser(app, OPERA_MAC, '192.0.2.44');
  const slug = tenant.input.slug;
  expect((await signInWith(phone, slug, me.email!, 'not my password')).status).toBe(401);
  clock.advance(60_000);
  const signIns = [await signInWith(laptop, slug, me.email!, me.password)];
  clock.advance(60_000);
  signIns.push(await signInWith(phone, slug, me.email!, me.password));
  // The session ids the browsers hold: in the cookie as s:<sid>.<signature>.
  const sessionIds = signIns.map((response) => {
    expect(response.status).toBe(303);
    const cookie = setCookie(response, `okienko.session.${slug}`)!;
    return decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).replace(/^s:/, '').split('.')[0]!;
  });
  expect((await signInWith(neighbours, slug, neighbour.email!, neighbour.password)).status).toBe(303);
  expect((await signInWith(stranger, other.input.slug, elsewhere.email!, elsewhere.password)).status).toBe(303);
  return { slug, app, clock, at, me, laptop, phone, neighbours, sessionIds, otherSlug: other.input.slug };
}

/** The column name a cell repeats for narrow screens, where the table stacks into labelled lines. */
const CELL_LABEL = /<span class="cell-label" aria-hidden="true">([^<]*)<\/span>/g;

/** The rows of the table in the section with this heading id, header row first, as raw HTML. */
function tableRows(html: string, headingId: string): string[] {
  const section = html.split(`id="${headingId}"`)[1]!.split('</section>')[0]!;
  return [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!);
}

/** The table's rows under its header as a screen reader reads them (the cell labels are hidden from it). */
function rowsOf(html: string, headingId: string): string[] {
  return tableRows(html, headingId)
    .slice(1)
    .map((row) => visibleText(row.replace(CELL_LABEL, '')));
}

/** The table's column headers, and the column names each row's cells carry for the stacked view. */
function headersAndLabels(html: string, headingId: string): { headers: string[]; labels: string[][] } {
  const [header, ...rows] = tableRows(html, headingId);
  return {
    headers: [...header!.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((match) => match[1]!),
    labels: rows.map((row) => [...row.matchAll(CELL_LABEL)].map((match) => match[1]!)),
  };
}

describe('security page', () => {
  it('lists this client’s sessions at this tenant with device and IP, and nobody else’s', async () => {
    const { slug, laptop, at } = await setUp();
    const page = await laptop.get(`/${slug}/account/security`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const sessions = rowsOf(page.text, 'sessions-heading');
    expect(sessions).toHaveLength(2);
    // This browser first, marked; times in the tenant's zone (Warsaw, UTC+1).
    expect(sessions[0]).toMatch(`Firefox on Linux (this device) 198.51.100.11 ${at(1)} `);
    expect(sessions[1]).toMatch(`Safari on iOS 203.0.113.22 ${at(2)} `);
    for (const foreign of ['192.0.2.33', '192.0.2.44', 'Microsoft Edge', 'Opera'])
      expect(page.text).not.toContain(foreign);
    // On a narrow screen each row stacks into lines named after their columns.
    for (const table of ['sessions-heading', 'successes-heading', 'events-heading']) {
      const { headers, labels } = headersAndLabels(page.text, table);
      expect(headers, table).toHaveLength(4);
      expect(labels, table).toEqual(labels.map(() => headers));
    }
  });

  it('never prints a session id', async () => {
    const { slug, laptop, sessionIds } = await setUp();
    const page = await laptop.get(`/${slug}/account/security`).expect(200);
    expect(sessionIds).toHaveLength(2);
    for (const sid of sessionIds) expect(page.text).not.toContain(sid);
  });

  it('shows the recent sign-in attempts in words', async () => {
    const { slug, laptop, at } = await setUp();
    const events = rowsOf((await laptop.get(`/${slug}/account/security`).expect(200)).text, 'events-heading');
    expect(events).toEqual([
      `${at(2)} Signed in 203.0.113.22 Safari on iOS`,
      `${at(1)} Signed in 198.51.100.11 Firefox on Linux`,
      `${at(0)} Wrong password 203.0.113.22 Safari on iOS`,
    ]);
  });

  it('keeps the successful sign-ins in view however many wrong passwords come after them', async () => {
    const { slug, app, clock, at, me, laptop } = await setUp();
    for (let i = 0; i < 25; i += 1) {
      clock.advance(61_000); // a minute apart: attempts on a locked account are recorded once a minute
      await signInWith(browser(app, OPERA_MAC, `192.0.2.${100 + i}`), slug, me.email!, `guess-${i}`);
    }
    const page = (await laptop.get(`/${slug}/account/security`).expect(200)).text;
    expect(rowsOf(page, 'successes-heading')).toEqual([
      `${at(2)} Signed in 203.0.113.22 Safari on iOS`,
      `${at(1)} Signed in 198.51.100.11 Firefox on Linux`,
    ]);
    const attempts = rowsOf(page, 'events-heading');
    expect(attempts).toHaveLength(20);
    expect(attempts.filter((row) => row.includes('Signed in'))).toEqual([]);
  });

  it('signs out every other browser of the client and keeps this one', async () => {
    const { slug, laptop, phone, neighbours } = await setUp();
    const security = `/${slug}/account/security`;
    const done = await submitForm(laptop, security, {}, { action: `${security}/sign-out-others` });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/${slug}/account/security?signedOutOthers=1`);
    // This browser goes on under a new session id.
    expect(setCookie(done, `okienko.session.${slug}`)).toBeDefined();
    const after = await laptop.get(done.headers.location!).expect(200);
    expect(after.text).toMatch(/<p class="notice" role="status">You have been signed out on every other device/);
    expect(rowsOf(after.text, 'sessions-heading')).toHaveLength(1);
    expect(after.text).toContain('You are signed in only on this device.');

    const phonePage = await phone.get(`/${slug}/account/security`);
    expect(phonePage.status).toBe(303);
    expect(phonePage.headers.location).toBe(`/${slug}/sign-in?next=%2Faccount%2Fsecurity`);
    await neighbours.get(`/${slug}/account`).expect(200);
  });

  it('sends a visitor who is not signed in to the sign-in page, and refuses a form without its token', async () => {
    const { slug, app, laptop } = await setUp();
    const anonymous = await newAgent(app).get(`/${slug}/account/security`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/${slug}/sign-in?next=%2Faccount%2Fsecurity`);
    const forged = await laptop.post(`/${slug}/account/security/sign-out-others`).type('form').send({});
    expect(forged.status).toBe(403);
    expect(rowsOf((await laptop.get(`/${slug}/account/security`).expect(200)).text, 'sessions-heading')).toHaveLength(
      2,
    );
  });

  it('does not show a session signed in at another tenant, even in the same browser', async () => {
    const { slug, laptop, otherSlug } = await setUp();
    const other = await createActiveClient(
      db.current.app,
      (await db.current.owner('tenants').where({ slug: otherSlug }).first('id')).id,
      ENGLISH,
    );
    expect((await signInWith(laptop, otherSlug, other.email!, other.password)).status).toBe(303);
    const page = await laptop.get(`/${slug}/account/security`).expect(200);
    expect(rowsOf(page.text, 'sessions-heading')).toHaveLength(2);
    const there = await laptop.get(`/${otherSlug}/account/security`).expect(200);
    expect(rowsOf(there.text, 'sessions-heading')).toEqual([
      expect.stringMatching(/^Firefox on Linux \(this device\) 198\.51\.100\.11 /),
    ]);
  });
});
