// Sessions kept in memory (src/platform/sessions/session-cache.ts), as main.ts runs every web
// process: two app instances over one database stand for two processes. What a user or an
// attacker would notice is only this: a session that ended stops working everywhere, at once
// in the process that ended it, and elsewhere as soon as PostgreSQL's notification arrives.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SESSIONS_CHANGED_CHANNEL,
  SessionCache,
  startSessionCache,
  type RunningSessionCache,
} from '../../src/platform/sessions/session-cache.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { endAllSessionsOfUser, endSessionsOfUserIn } from '../../src/platform/sessions/sign-in.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { metricsRegistry } from '../../src/platform/metrics/registry.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { withClient } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { eventually, pollValue } from '../support/polling.ts';
import { submitForm } from '../support/forms.ts';
import { expectSentToSignIn, newAgent, setCookie, signInAs, signOutVia } from '../support/sessions.ts';

const db = useTestDatabase();
const running: RunningSessionCache[] = [];
const deafCaches: SessionCache[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((cache) => cache.close()));
  for (const cache of deafCaches.splice(0)) cache.close();
});

/**
 * A cache that believes it hears the notifications but never gets one: what it
 * forgets, it forgot by itself. The process that ends a session must not wait for PostgreSQL
 * to tell it (the notification usually wins that race, which is why only this shows it).
 */
function deafCache(): SessionCache {
  const cache = new SessionCache();
  cache.setListening(true);
  deafCaches.push(cache);
  return cache;
}

async function deafProcess() {
  return (await createTestApp(db.current, { sessionCache: deafCache() })).app;
}

async function webProcess() {
  const sessions = await startSessionCache({
    url: db.current.urls.appUrl,
    logger: createLogger('silent'),
    reconnectAfterMs: 1_000,
  });
  running.push(sessions);
  return (await createTestApp(db.current, { sessionCache: sessions.cache })).app;
}

/** Two processes, and a client signed in through the first whose session both hold in memory. */
async function setUp() {
  const tenant = await createTenant(db.current.owner);
  const slug = tenant.input.slug;
  const [first, second] = [await webProcess(), await webProcess()];
  const client = await createActiveClient(db.current.app, tenant.id);
  const browser = newAgent(first);
  const signIn = await signInAs(browser, slug, client);
  const cookie = setCookie(signIn, sessionCookieName(tenant.input, 'client', false))!.split(';')[0]!;
  const account = (app: typeof first, withCookie = cookie) =>
    request(app).get(`/${slug}/account`).set('Cookie', withCookie);
  // Both processes now hold the session in memory.
  for (const app of [first, second]) {
    await account(app).expect(200);
    await account(app).expect(200);
  }
  return { slug, client, first, second, browser, account, tenantId: tenant.id };
}

/** A metric's value as a scrape would read it (summed over its series with these labels). */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const values = (await metricsRegistry.getSingleMetric(name)!.get()).values;
  return values
    .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

/** Runs SQL as a superuser: what another tool, or PostgreSQL itself, does to the rows. */
const asSuperuser = (sql: string, values: unknown[] = []) =>
  withClient(db.current.adminUrl, (client) => client.query(sql, values));

/** A delete in SQL sends no notice (notify.ts): the other processes are not told. */
async function deleteSessionsUnheard(userId: string): Promise<void> {
  await asSuperuser('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

describe('sessions kept in memory', () => {
  it('the process that ends a session refuses it at once, without waiting to be told', async () => {
    const tenant = await createTenant(db.current.owner);
    const slug = tenant.input.slug;
    const app = await deafProcess();
    const client = await createActiveClient(db.current.app, tenant.id);
    const [phone, laptop, desktop] = [newAgent(app), newAgent(app), newAgent(app)];
    const cookieOf = async (agent: typeof phone) => {
      const response = await signInAs(agent, slug, client);
      const cookie = setCookie(response, sessionCookieName(tenant.input, 'client', false))!.split(';')[0]!;
      // Viewed twice: the second view is served from memory.
      for (let view = 0; view < 2; view++) await request(app).get(`/${slug}/account`).set('Cookie', cookie).expect(200);
      return cookie;
    };
    const [phoneCookie, laptopCookie] = [await cookieOf(phone), await cookieOf(laptop)];
    await cookieOf(desktop);
    // Signing out: the replayed cookie is dead.
    await signOutVia(phone, slug);
    expectSentToSignIn(await request(app).get(`/${slug}/account`).set('Cookie', phoneCookie), slug);
    // "Sign out everywhere else" on the desktop: the laptop's session is dead, the desktop's goes on.
    const security = `/${slug}/account/security`;
    expect((await submitForm(desktop, security, {}, { action: `${security}/sign-out-others` })).status).toBe(303);
    expectSentToSignIn(await request(app).get(`/${slug}/account`).set('Cookie', laptopCookie), slug);
    await desktop.get(`/${slug}/account`).expect(200);
  });

  it('forgets when the transaction that ended the sessions commits, also from inside a savepoint', async () => {
    const tenant = await createTenant(db.current.owner);
    const client = await createActiveClient(db.current.app, tenant.id);
    const cache = deafCache();
    const session = { sess: { auth: { userId: client.id } }, expire: new Date(Date.now() + 3_600_000) };
    const now = Date.now();
    cache.remember('t s1', cache.startLoad(), session);
    await withTenant(db.current.app, tenant.id, async (outer) => {
      await outer.transaction((savepoint) => endSessionsOfUserIn(savepoint, client.id, new Date()));
      // Released, not committed: a load now still reads the session as live, and may keep it.
      cache.remember('t s1', cache.startLoad(), session);
    });
    expect(cache.get('t s1', now)).toBeUndefined();
  });

  it('a session signed out in one process is refused by the other once PostgreSQL tells it', async () => {
    const { slug, second, browser, account } = await setUp();
    await signOutVia(browser, slug);
    await eventually(async () => expectSentToSignIn(await account(second), slug));
  });

  it('a session another process ends, or whose user gets a cutoff, is refused by every process', async () => {
    const { slug, client, first, second, account, tenantId } = await setUp();
    // As the worker or a command would: the rows go and the notice goes with the commit.
    await endAllSessionsOfUser(db.current.app, tenantId, client.id, systemClock);
    for (const app of [first, second]) {
      await eventually(async () => expectSentToSignIn(await account(app), slug));
    }
    const again = await signInAs(newAgent(first), slug, client);
    const cookie = setCookie(again, sessionCookieName({ slug }, 'client', false))!.split(';')[0]!;
    await account(second, cookie).expect(200);
    await account(second, cookie).expect(200);
    // An operator's cutoff in SQL, followed by the notice docs/operations.md tells them to send.
    await asSuperuser(
      `INSERT INTO session_cutoffs (tenant_id, user_id, valid_after) SELECT tenant_id, id, now() FROM clients WHERE id = $1
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET valid_after = excluded.valid_after`,
      [client.id],
    );
    await asSuperuser('SELECT pg_notify($1, $2)', [SESSIONS_CHANGED_CHANNEL, client.id]);
    await eventually(async () => expectSentToSignIn(await account(second, cookie), slug));
  });

  it('is used only while it can hear: a change it was not told of ends the session once it cannot', async () => {
    const { slug, client, second, account } = await setUp();
    // The premise: a row deleted without a notification is still served from memory.
    await deleteSessionsUnheard(client.id);
    const hits = await metric('okienko_session_cache_lookups_total', { result: 'hit' });
    await account(second).expect(200);
    expect(await metric('okienko_session_cache_lookups_total', { result: 'hit' })).toBe(hits + 1);
    expect(await metric('okienko_session_cache_listening')).toBe(1);
    // Its LISTEN connection dies (a database restart, a network cut): from then on the
    // database is asked, and the cache starts empty when the connection is back.
    await asSuperuser(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'okienko session cache' AND datname = current_database()",
    );
    expectSentToSignIn(
      await pollValue(
        () => account(second),
        (response) => response.status === 303,
      ),
      slug,
    );
    expect(await metric('okienko_session_cache_listening')).toBe(0);
    await eventually(async () => expect(await metric('okienko_session_cache_listening')).toBe(1));
    expectSentToSignIn(await account(second), slug);
  });

  it('without a cache (SESSION_CACHE=false), every request asks the database', async () => {
    const tenant = await createTenant(db.current.owner);
    const slug = tenant.input.slug;
    const { app } = await createTestApp(db.current, { sessionCache: null });
    const client = await createActiveClient(db.current.app, tenant.id);
    const signIn = await signInAs(newAgent(app), slug, client);
    const cookie = setCookie(signIn, sessionCookieName(tenant.input, 'client', false))!.split(';')[0]!;
    const view = () => request(app).get(`/${slug}/account`).set('Cookie', cookie);
    await view().expect(200);
    await view().expect(200);
    // Deleted without a notification: nothing in memory to serve it from.
    await deleteSessionsUnheard(client.id);
    expectSentToSignIn(await view(), slug);
  });
});
