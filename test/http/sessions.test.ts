// Per-tenant sessions: what a person signed in at two organisations, or an attacker holding a
// stolen or planted cookie, would notice.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { endAllSessionsOfUser } from '../../src/platform/sessions/sign-in.ts';
import { TenantSessionStore } from '../../src/platform/sessions/session-store.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { withClient } from '../support/connections.ts';
import { createTestApp, TEST_SESSION_SECRET } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createActiveClient } from '../support/clients.ts';
import { expectSentToSignIn, newAgent, setCookie, signInAs, signOutVia } from '../support/sessions.ts';
import { changePasswordVia } from '../support/accounts.ts';

const db = useTestDatabase();
// As a superuser: every tenant's rows, past row-level security.
const sessionRows = async () =>
  withClient(db.current.adminUrl, async (client) =>
    Number((await client.query('SELECT count(*) AS n FROM sessions')).rows[0].n),
  );

describe('anonymous visitors', () => {
  it('read pages and open forms without a single session row or session cookie', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const before = await sessionRows();
    for (const path of ['/', '/accessibility', '/privacy', '/sign-in', '/forgot-password', '/register', '/account']) {
      const response = await request(app).get(`/${tenant.input.slug}${path}`);
      expect(setCookie(response, sessionCookieName(tenant.input, 'client', false))).toBeUndefined();
    }
    // A forged or stale cookie costs a read, never a write.
    await request(app)
      .get(`/${tenant.input.slug}/`)
      .set('Cookie', `${sessionCookieName(tenant.input, 'client', false)}=s%3Anope.nope`);
    expect(await sessionRows()).toBe(before);
  });
});

describe('signing in and out', () => {
  it('rotates the session id: a session held before signing in is dead afterwards', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app, registry } = await createTestApp(db.current);
    const planted = await mintSignedInSession({
      db: db.current.app,
      tenant: registry.findBySlug(tenant.input.slug)!,
      user: { id: '00000000-0000-4000-8000-000000000001', name: 'Planted' },
      secret: TEST_SESSION_SECRET,
      clock: controllableClock(new Date()),
    });
    const agent = newAgent(app);
    await agent.get(`/${tenant.input.slug}/account`).set('Cookie', planted.cookie).expect(200);
    const client = await createActiveClient(db.current.app, tenant.id);
    const signIn = await signInAs(agent.set('Cookie', planted.cookie), tenant.input.slug, client);
    const issued = setCookie(signIn, sessionCookieName(tenant.input, 'client', false));
    expect(issued).toMatch(/HttpOnly/);
    expect(issued).toMatch(/SameSite=Lax/);
    expect(issued).toMatch(/Path=\//);
    expect(issued).not.toContain(planted.cookie.split('=')[1]);
    expectSentToSignIn(
      await request(app).get(`/${tenant.input.slug}/account`).set('Cookie', planted.cookie),
      tenant.input.slug,
    );
  });

  it('keeps two tenants apart in one browser: own cookie, own user, independent sign-out', async () => {
    const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const { app } = await createTestApp(db.current);
    const browser = newAgent(app);
    await signInAs(browser, a.input.slug, await createActiveClient(db.current.app, a.id, { first_name: 'Anna' }));
    await signInAs(browser, b.input.slug, await createActiveClient(db.current.app, b.id, { first_name: 'Bogdan' }));
    expect((await browser.get(`/${a.input.slug}/account?lang=en`).expect(200)).text).toContain('Hello, Anna');
    expect((await browser.get(`/${b.input.slug}/account?lang=en`).expect(200)).text).toContain('Hello, Bogdan');

    await signOutVia(browser, a.input.slug);
    expectSentToSignIn(await browser.get(`/${a.input.slug}/account`), a.input.slug);
    expect((await browser.get(`/${b.input.slug}/account?lang=en`).expect(200)).text).toContain('Hello, Bogdan');
  });

  it("does not accept tenant A's cookie at tenant B, even under B's cookie name", async () => {
    const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const { app } = await createTestApp(db.current);
    const signIn = await signInAs(newAgent(app), a.input.slug, await createActiveClient(db.current.app, a.id));
    const cookieA = setCookie(signIn, sessionCookieName(a.input, 'client', false))!.split(';')[0]!;
    const value = cookieA.slice(cookieA.indexOf('=') + 1);
    await request(app).get(`/${a.input.slug}/account`).set('Cookie', cookieA).expect(200);
    await request(app)
      .get(`/${b.input.slug}/account`)
      .set('Cookie', `${sessionCookieName(b.input, 'client', false)}=${value}`)
      .expect(303);
  });

  it('makes a signed-out cookie worthless when replayed', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const agent = newAgent(app);
    const signIn = await signInAs(agent, tenant.input.slug, await createActiveClient(db.current.app, tenant.id));
    const cookie = setCookie(signIn, sessionCookieName(tenant.input, 'client', false))!.split(';')[0]!;
    await signOutVia(agent, tenant.input.slug);
    expectSentToSignIn(
      await request(app).get(`/${tenant.input.slug}/account`).set('Cookie', cookie),
      tenant.input.slug,
    );
    expectSentToSignIn(
      await request(app).get(`/${tenant.input.slug}/account/password`).set('Cookie', cookie),
      tenant.input.slug,
    );
  });

  it('marks signed-in pages not to be stored by any cache', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const agent = newAgent(app);
    await signInAs(agent, tenant.input.slug, await createActiveClient(db.current.app, tenant.id));
    const page = await agent.get(`/${tenant.input.slug}/account`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });
});

describe('ending every session of a user', () => {
  it('ends all their sessions at once, and a copy signed in before the stamp stays dead', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app, registry } = await createTestApp(db.current);
    const [phone, laptop] = [newAgent(app), newAgent(app)];
    const client = await createActiveClient(db.current.app, tenant.id);
    await signInAs(phone, tenant.input.slug, client);
    await signInAs(laptop, tenant.input.slug, client);
    const userId = client.id;
    const clock = controllableClock(new Date());
    await endAllSessionsOfUser(db.current.app, tenant.id, userId, clock);
    expectSentToSignIn(await phone.get(`/${tenant.input.slug}/account`), tenant.input.slug);
    expectSentToSignIn(await laptop.get(`/${tenant.input.slug}/account`), tenant.input.slug);

    // A session row written back afterwards with an older sign-in time is refused on load.
    const stale = await mintSignedInSession({
      db: db.current.app,
      tenant: registry.findBySlug(tenant.input.slug)!,
      user: { id: userId, name: 'Anna' },
      secret: TEST_SESSION_SECRET,
      clock: controllableClock(new Date(clock.now().getTime() - 1000)),
    });
    expectSentToSignIn(
      await request(app).get(`/${tenant.input.slug}/account`).set('Cookie', stale.cookie),
      tenant.input.slug,
    );
  });
});

describe('a password change', () => {
  it('keeps this browser signed in under a new id and signs every other one out', async () => {
    const tenant = await createTenant(db.current.owner);
    const { app } = await createTestApp(db.current);
    const [phone, laptop] = [newAgent(app), newAgent(app)];
    const client = await createActiveClient(db.current.app, tenant.id);
    await signInAs(phone, tenant.input.slug, client);
    await signInAs(laptop, tenant.input.slug, client);
    const changed = await changePasswordVia(phone, tenant.input.slug, client.password, 'Nowe-Hasło-Na-Zimę-2027');
    expect(changed.status).toBe(303);
    expect(setCookie(changed, sessionCookieName(tenant.input, 'client', false))).toBeDefined(); // rotated
    await phone.get(`/${tenant.input.slug}/account`).expect(200);
    expectSentToSignIn(await laptop.get(`/${tenant.input.slug}/account`), tenant.input.slug);
  });
});

describe('the session store', () => {
  it('never brings back a signed-out session when a request still in flight saves it', async () => {
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date());
    const store = new TenantSessionStore(db.current.app, tenant.id, clock);
    const now = clock.now().getTime();
    const fresh = {
      cookie: { expires: new Date(now + 30 * 60_000) },
      tenantId: tenant.id,
      auth: { userId: crypto.randomUUID(), kind: 'client', name: 'Anna', signedInAt: now },
      createdAt: now,
      seenAt: now,
    } as never;
    const call = (run: (done: (error?: unknown) => void) => void) =>
      new Promise<void>((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
    const count = () =>
      withTenant(db.current.app, tenant.id, async (trx) => Number((await trx('sessions').count({ n: '*' }))[0]!.n));

    await call((done) => store.set('sid-1', fresh, done));
    expect(await count()).toBe(1);
    await call((done) => store.destroy('sid-1', done)); // signed out
    // The in-flight request moved the idle deadline and now saves its copy.
    await call((done) => store.set('sid-1', { ...(fresh as object), seenAt: now + 61_000 } as never, done));
    expect(await count()).toBe(0);
  });

  it('lets a late echo of an unchanged session overwrite nothing the next request saved', async () => {
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date());
    const store = new TenantSessionStore(db.current.app, tenant.id, clock);
    const now = clock.now().getTime();
    const pending = {
      cookie: { expires: new Date(now + 10 * 60_000) },
      tenantId: tenant.id,
      staffPending: { staffId: crypto.randomUUID(), since: now },
      createdAt: now,
      seenAt: now,
    };
    const call = (run: (done: (error?: unknown) => void) => void) =>
      new Promise<void>((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
    const stored = () =>
      withTenant(
        db.current.app,
        tenant.id,
        async (trx) => (await trx('sessions').where({ sid: 'sid-2' }).first()).sess,
      );

    // The password's request saves its session before redirecting...
    const first = { ...pending, cookie: { ...pending.cookie } } as never;
    await call((done) => store.set('sid-2', first, done));
    // ...the browser follows at once, and the next request keeps the secret it made...
    const next = { ...pending, staffPending: { ...pending.staffPending, enrolSecret: 'sealed' } } as never;
    await call((done) => store.set('sid-2', next, done));
    // ...before express-session's save at the end of the first response runs, having touched
    // the cookie (its expiry moved by the milliseconds since, by the system clock).
    (first as { cookie: { expires: Date } }).cookie.expires = new Date(now + 10 * 60_000 + 7);
    await call((done) => store.set('sid-2', first, done));
    expect((await stored()).staffPending.enrolSecret).toBe('sealed');

    // A session object that did change is saved, of course.
    (first as { staffPending: object }).staffPending = { ...pending.staffPending, next: '/admin/staff' };
    await call((done) => store.set('sid-2', first, done));
    expect((await stored()).staffPending).toEqual({ ...pending.staffPending, next: '/admin/staff' });
  });
});
