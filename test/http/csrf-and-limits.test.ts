// CSRF on every state-changing request, the rate limiter's 429 page (with when to try again),
// and production cookies.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { DEFAULT_PASSWORD_RESET_LIMITS } from '../../src/features/accounts/password-reset/password-reset.routes.ts';
import { DEFAULT_REGISTRATION_LIMITS } from '../../src/features/accounts/registration/registration.routes.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { csrfCookieName } from '../../src/platform/http/csrf.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { csrfTokenIn, newAgent, setCookie, signInAs } from '../support/sessions.ts';
import { cookieHeader, headingOne, visibleText } from './html.ts';

const db = useTestDatabase();

/** Sessions and sign-in attempts the tenant holds: what a forged request must not add to. */
const traces = (tenantId: TenantId) =>
  withTenant(db.current.app, tenantId, async (trx) => ({
    sessions: Number((await trx('sessions').count({ n: '*' }))[0]!.n),
    signIns: Number((await trx('sign_in_events').count({ n: '*' }))[0]!.n),
  }));

describe('CSRF', () => {
  it('refuses a POST without a token, or with a token from another browser, and changes nothing', async () => {
    const tenant = await createTenant(db.current.owner);
    const slug = tenant.input.slug;
    const { app } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const victim = newAgent(app);
    await signInAs(victim, slug, client);

    const forged = await victim.post(`/${slug}/sign-out`).type('form').send({}).expect(403);
    expect(headingOne(forged.text)).toBe('Brak dostępu');
    const attacker = newAgent(app);
    const attackerForm = await attacker.get(`/${slug}/sign-in`).expect(200);
    await victim
      .post(`/${slug}/sign-out`)
      .type('form')
      .send({ _csrf: csrfTokenIn(attackerForm.text) })
      .expect(403);
    await victim.get(`/${slug}/account`).expect(200); // still signed in

    // A forged sign-in (login CSRF), even with the right password: refused before it is tried.
    const before = await traces(tenant.id);
    expect(before).toEqual({ sessions: 1, signIns: 1 }); // the victim's
    const forgedSignIn = await request(app)
      .post(`/${slug}/sign-in`)
      .type('form')
      .send({ identifier: client.email, password: client.password })
      .expect(403);
    expect(setCookie(forgedSignIn, sessionCookieName(tenant.input, 'client', false))).toBeUndefined();
    expect(await traces(tenant.id)).toEqual(before);
  });

  it('refuses an anonymous token and cookie replanted from another tenant', async () => {
    const [first, second] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const { app } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, second.id);
    const signIn = (slug: string, cookie: string, token: string) =>
      request(app)
        .post(`/${slug}/sign-in`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: token, identifier: client.email, password: client.password });
    /** An anonymous visitor's token and cookie value, from a page with a form. */
    const pairFrom = async (path: string, cookieName: string) => {
      const page = await request(app).get(path).expect(200);
      const cookie = setCookie(page, cookieName)!;
      return { token: csrfTokenIn(page.text), value: cookie.slice(cookieName.length + 1).split(';')[0]! };
    };
    const secondCookie = csrfCookieName(second.input, false);

    const fromFirst = await pairFrom(`/${first.input.slug}/sign-in`, csrfCookieName(first.input, false));
    const replanted = await signIn(second.input.slug, `${secondCookie}=${fromFirst.value}`, fromFirst.token);
    expect(replanted.status).toBe(403);
    expect(headingOne(replanted.text)).toBe('Brak dostępu');
    expect(await traces(second.id)).toEqual({ sessions: 0, signIns: 0 });

    // The tenant's own pair still works, so the refusals above are the binding's.
    const own = await pairFrom(`/${second.input.slug}/sign-in`, secondCookie);
    const signedIn = await signIn(second.input.slug, `${secondCookie}=${own.value}`, own.token).expect(303);
    expect(signedIn.headers.location).toBe(`/${second.input.slug}/account`);
  });

  it('needs a token on the portal pages too', async () => {
    const { app } = await createTestApp(db.current);
    await request(app).post('/').type('form').send({ anything: 1 }).expect(403);
  });
});

describe('rate limits', () => {
  it('answers 429 in the visitor’s language with Retry-After once the limit is spent', async () => {
    const tenant = await createTenant(db.current.owner, { settings: { selfRegistration: true } });
    const { app } = await createTestApp(db.current);
    // "Didn't get the link?": limited per IP with the rate limiter's own 429 page.
    const path = `/${tenant.input.slug}/register/resend`;
    const form = await request(app).get(`${path}?lang=en`).expect(200);
    const token = csrfTokenIn(form.text);
    // The same visitor (CSRF and language cookies) keeps trying, never keeping a session.
    const cookies = ([] as string[])
      .concat(form.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const { points } = DEFAULT_REGISTRATION_LIMITS.resendPerIp;
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= points; attempt += 1) {
      const response = await request(app)
        .post(path)
        .set('Cookie', cookies)
        .type('form')
        // Another address each time, so only the per-IP limit is spent.
        .send({ _csrf: token, email: `someone.${attempt}@example.test` });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(headingOne(response.text)).toBe('Too many attempts');
        // An hour's window, counted by the real clock: the minutes left, as Retry-After says.
        const seconds = Number(response.headers['retry-after']);
        expect(seconds).toBeGreaterThan(0);
        expect(seconds).toBeLessThanOrEqual(60 * 60);
        expect(visibleText(response.text)).toContain(
          `For your security, this action is paused for a while. Try again in ${Math.ceil(seconds / 60)} minutes.`,
        );
      }
    }
    expect(statuses.filter((status) => status === 303)).toHaveLength(points);
    expect(statuses.at(-1)).toBe(429);
  });

  it.each([
    ['pl', 'Zbyt wiele prób', 'Spróbuj ponownie za 24 godziny.'],
    ['cs', 'Příliš mnoho pokusů', 'Zkuste to znovu za 24 hodin.'],
  ])('says in hours when a daily limit lets the form through again (%s)', async (lang, heading, tryAgain) => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    // "Forgot your password?" for one address, ten times a day, from wherever it is asked.
    const path = `/${tenant.input.slug}/forgot-password`;
    const ask = async () => {
      const form = await request(app).get(`${path}?lang=${lang}`).expect(200);
      return request(app)
        .post(path)
        .set('Cookie', cookieHeader(form))
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), identifier: client.email });
    };
    for (let i = 0; i < DEFAULT_PASSWORD_RESET_LIMITS.requestPerIdentifier.points; i += 1) {
      expect((await ask()).status).toBe(303);
    }
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(headingOne(refused.text)).toBe(heading);
    // A day's window less the seconds this test has taken: 24 hours, rounded up.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(23 * 60 * 60);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(24 * 60 * 60);
    expect(visibleText(refused.text)).toContain(tryAgain);
  });
});

describe('production cookies', () => {
  it('are __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ behind the TLS proxy', async () => {
    const tenant = await createTenant(db.current.owner);
    const slug = tenant.input.slug;
    const { app } = await createTestApp(db.current, { env: 'production', trustProxy: true });
    const client = await createActiveClient(db.current.app, tenant.id);
    const agent = newAgent(app);
    const form = await agent.get(`/${slug}/sign-in`).set('X-Forwarded-Proto', 'https').expect(200);
    const csrfCookie = setCookie(form, csrfCookieName(tenant.input, true));
    expect(csrfCookie).toMatch(/^__Host-okienko\.csrf\.tenant-/);
    expect(csrfCookie).toMatch(/; Secure/);
    // The agent keeps Secure cookies to itself over plain HTTP: the proxy's side is HTTPS.
    const signIn = await agent
      .post(`/${slug}/sign-in`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie!.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenIn(form.text), identifier: client.email, password: client.password })
      .expect(303);
    expect(signIn.headers.location).toBe(`/${slug}/account`);
    const cookie = setCookie(signIn, sessionCookieName(tenant.input, 'client', true));
    expect(cookie).toMatch(/^__Host-okienko\.session\.tenant-/);
    for (const flag of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(flag);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});
