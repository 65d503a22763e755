// CSRF on every state-changing request, the rate limiter's 429 page, and production cookies.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/http/sessions/tenant-sessions.ts';
import { csrfCookieName } from '../../src/http/csrf.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { csrfTokenIn, newAgent, setCookie, testSignIn } from '../support/sessions.ts';
import { headingOne } from './html.ts';

const db = useTestDatabase();

describe('CSRF', () => {
  it('refuses a POST without a token, or with a token from another browser, and changes nothing', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current, { testRoutes: true });
    const victim = newAgent(app);
    await testSignIn(victim, tenant.input.slug, 'Anna');

    const forged = await victim.post(`/${tenant.input.slug}/sign-out`).type('form').send({}).expect(403);
    expect(headingOne(forged.text)).toBe('Brak dostępu');
    const attacker = newAgent(app);
    const attackerForm = await attacker.get(`/${tenant.input.slug}/_test/sign-in`);
    await victim
      .post(`/${tenant.input.slug}/sign-out`)
      .type('form')
      .send({ _csrf: csrfTokenIn(attackerForm.text) })
      .expect(403);
    await victim.get(`/${tenant.input.slug}/account`).expect(200); // still signed in

    await request(app).post(`/${tenant.input.slug}/_test/sign-in`).type('form').send({ name: 'Mallory' }).expect(403);
  });

  it('needs a token on the portal pages too', async () => {
    const { app } = await createTestApp(db.current);
    await request(app).post('/').type('form').send({ anything: 1 }).expect(403);
  });
});

describe('rate limits', () => {
  it('answers 429 in the visitor’s language with Retry-After once the limit is spent', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current, { testRoutes: true });
    const form = await request(app).get(`/${tenant.input.slug}/_test/sign-in?lang=en`);
    const token = csrfTokenIn(form.text);
    // The same visitor (CSRF and language cookies) keeps trying, never keeping a session.
    const cookies = ([] as string[])
      .concat(form.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1) {
      const response = await request(app)
        .post(`/${tenant.input.slug}/_test/sign-in`)
        .set('Cookie', cookies)
        .type('form')
        .send({ _csrf: token, name: `Anna ${attempt}` });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(headingOne(response.text)).toBe('Too many attempts');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.filter((status) => status === 303)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('production cookies', () => {
  it('are __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ behind the TLS proxy', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current, { env: 'production', testRoutes: true, trustProxy: true });
    const agent = newAgent(app);
    const form = await agent.get(`/${tenant.input.slug}/_test/sign-in`).set('X-Forwarded-Proto', 'https');
    const csrfCookie = setCookie(form, csrfCookieName(tenant.input, true));
    expect(csrfCookie).toMatch(/^__Host-okienko\.csrf\.tenant-/);
    expect(csrfCookie).toMatch(/; Secure/);
    const signIn = await agent
      .post(`/${tenant.input.slug}/_test/sign-in`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie!.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenIn(form.text), name: 'Anna' })
      .expect(303);
    const cookie = setCookie(signIn, sessionCookieName(tenant.input, 'client', true));
    expect(cookie).toMatch(/^__Host-okienko\.session\.tenant-/);
    for (const flag of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(flag);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});
