// A malformed cookie (a JSON "j:" value, a forged signature, broken percent-encoding, a huge
// value, a name sent twice) counts as no cookie: the page answers as it would without one,
// never 500, and nothing is logged as an error. In production too, where the names differ.
import { Writable } from 'node:stream';
import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfCookieName } from '../../src/platform/http/csrf.ts';
import { COOKIE } from '../../src/platform/http/preferences.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { csrfTokenIn, expectSentToSignIn } from '../support/sessions.ts';
import { cookieHeader, headingOne, visibleText } from './html.ts';

const db = useTestDatabase();

const MALFORMED: Record<string, string> = {
  'a JSON value': 'j%3A1',
  'a JSON object': 'j%3A%7B%22length%22%3A1%7D',
  'a signed JSON string': 'j%3A%22s%3Aforged.c2lnbmF0dXJl%22',
  'a forged signature': 's%3Aforged-session-id.c2lnbmF0dXJlLWZyb20tc29tZXdoZXJl',
  'broken percent-encoding': '%E0%A4%A',
  'a lone percent sign': '%',
  'a value larger than browsers keep': 'x'.repeat(5_000),
};

/** The cookie names a browser can hold for a tenant, as that environment names them. */
const ourCookies = (tenant: CreatedTenant, secure: boolean) => ({
  session: sessionCookieName(tenant.input, 'client', secure),
  csrf: csrfCookieName(tenant.input, secure),
  portalCsrf: csrfCookieName(undefined, secure),
  locale: COOKIE.locale,
  textSize: COOKIE.textSize,
  contrast: COOKIE.contrast,
});

/** Pino's level numbers: 50 is "error", 60 "fatal". */
const errorLines = (lines: string[]) => lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

describe.each([
  { env: 'test' as const, secure: false },
  { env: 'production' as const, secure: true },
])('malformed cookies in $env', ({ env, secure }) => {
  let tenant: CreatedTenant;
  let client: CreatedClient & { password: string };
  let testApp: TestApp;
  let names: ReturnType<typeof ourCookies>;
  /** A signed-in browser's cookies and a token for its forms. */
  let signedIn: { session: string; csrf: string; token: string };
  const logLines: string[] = [];

  beforeAll(async () => {
    tenant = await createTenant(db.current.owner);
    client = await createActiveClient(db.current.app, tenant.id);
    const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
    // Behind the TLS proxy in production, so the Secure cookies are set and kept.
    testApp = await createTestApp(db.current, { env, trustProxy: secure, logger: createLogger('info', sink) });
    names = ourCookies(tenant, secure);
    // Signed in through the real form, the cookies carried by hand: supertest's agent keeps
    // Secure ones to itself over plain HTTP.
    const slug = tenant.input.slug;
    const form = await get(`/${slug}/sign-in`, '').expect(200);
    const signIn = await post(`/${slug}/sign-in`, cookieHeader(form), {
      _csrf: csrfTokenIn(form.text),
      identifier: client.email!,
      password: client.password,
    }).expect(303);
    const session = `${cookieHeader(signIn)}; ${cookieHeader(form)}`;
    const account = await get(`/${slug}/account`, session).expect(200);
    const jar = `${session}; ${cookieHeader(account)}`;
    // The last one set counts: signing in binds a new CSRF token.
    const valueOf = (name: string) =>
      jar
        .split('; ')
        .filter((pair) => pair.startsWith(`${name}=`))
        .at(-1)
        ?.slice(name.length + 1);
    signedIn = { session: valueOf(names.session)!, csrf: valueOf(names.csrf)!, token: csrfTokenIn(account.text) };
    expect(signedIn.session).toBeTruthy();
    expect(signedIn.csrf).toBeTruthy();
  });

  beforeEach(() => {
    logLines.length = 0;
  });

  const get = (path: string, cookie: string) =>
    request(testApp.app)
      .get(path)
      .set('Cookie', cookie)
      .set(secure ? { 'X-Forwarded-Proto': 'https' } : {});
  const post = (path: string, cookie: string, form: Record<string, string>) =>
    request(testApp.app)
      .post(path)
      .set('Cookie', cookie)
      .set(secure ? { 'X-Forwarded-Proto': 'https' } : {})
      .type('form')
      .send(form);

  describe.each(Object.entries(MALFORMED))('%s', (_kind, value) => {
    it('in any of our cookies is no cookie on anonymous pages and forms', async () => {
      const slug = tenant.input.slug;
      const plainHome = await get(`/${slug}/`, '').expect(200);
      for (const name of Object.values(names)) {
        const cookie = `${name}=${value}`;
        const home = await get(`/${slug}/`, cookie).expect(200);
        expect(headingOne(home.text)).toBe(headingOne(plainHome.text));
        expect((await get('/', cookie).expect(200)).text).toContain('<h1');
        expectSentToSignIn(await get(`/${slug}/account`, cookie), slug);
        const form = await get(`/${slug}/sign-in`, cookie).expect(200);
        expect(csrfTokenIn(form.text)).toBeTruthy();
        // A POST without a valid token: the usual refusal.
        const refused = await post(`/${slug}/sign-in`, cookie, {
          _csrf: value,
          identifier: client.email!,
          password: client.password,
        }).expect(403);
        expect(headingOne(refused.text)).toBe('Brak dostępu');
      }
      // With a valid token, a malformed session or preference cookie does not stop a sign-in.
      const form = await get(`/${slug}/sign-in`, '').expect(200);
      const signIn = await post(
        `/${slug}/sign-in`,
        `${names.session}=${value}; ${cookieHeader(form)}; ${names.contrast}=${value}`,
        { _csrf: csrfTokenIn(form.text), identifier: client.email!, password: client.password },
      ).expect(303);
      expect(signIn.headers.location).toBe(`/${slug}/account`);
      expect(errorLines(logLines)).toEqual([]);
    });

    it('beside a live session changes nothing but that cookie', async () => {
      const slug = tenant.input.slug;
      const live = `${names.session}=${signedIn.session}; ${names.csrf}=${signedIn.csrf}`;
      // In place of the session cookie: signed out, as without one.
      expectSentToSignIn(
        await get(`/${slug}/account`, `${names.session}=${value}; ${names.csrf}=${signedIn.csrf}`),
        slug,
      );
      // Sent first under the session's name, before the live one: the first counts.
      expectSentToSignIn(await get(`/${slug}/account`, `${names.session}=${value}; ${live}`), slug);
      // Sent second: the live one counts.
      await get(`/${slug}/account`, `${live}; ${names.session}=${value}`).expect(200);
      // A malformed preference cookie: still signed in, shown with the defaults.
      for (const name of [names.locale, names.textSize, names.contrast, names.portalCsrf]) {
        const account = await get(`/${slug}/account`, `${live}; ${name}=${value}`).expect(200);
        expect(visibleText(account.text)).toContain('Anna');
      }
      // In place of the CSRF cookie: a signed-in form is refused as without one.
      const refused = await post(`/${slug}/sign-out`, `${names.session}=${signedIn.session}; ${names.csrf}=${value}`, {
        _csrf: signedIn.token,
      }).expect(403);
      expect(headingOne(refused.text)).toBe('Brak dostępu');
      expect(errorLines(logLines)).toEqual([]);
    });
  });

  it('a malformed value sent twice, or before a valid preference, is no cookie either', async () => {
    const slug = tenant.input.slug;
    const cookie = `${names.locale}=j%3A1; ${names.locale}=en; ${names.textSize}=%E0; ${names.textSize}=3`;
    const home = await get(`/${slug}/`, cookie).expect(200);
    // The first of each name counts, and it is malformed: the tenant's default language and text size.
    expect(home.text).toMatch(/<html[^>]* lang="pl"/);
    expect(home.text).not.toMatch(/<html[^>]* class="[^"]*text-3/);
    const signOut = await post(
      `/${slug}/sign-out`,
      `${names.session}=${signedIn.session}; ${names.csrf}=${signedIn.csrf}; ${names.contrast}=j%3A1; ${names.contrast}=j%3A2`,
      {
        _csrf: signedIn.token,
      },
    );
    expect(signOut.status).toBe(303);
    expect(errorLines(logLines)).toEqual([]);
  });
});
