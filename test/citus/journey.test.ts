// The newcomer's journey through the HTTP app on the Citus cluster, and a password change that
// ends the other session although that session sits in another web process's memory: it is
// told on the coordinator, where the change commits (src/platform/db/notify.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startSessionCache, type RunningSessionCache } from '../../src/platform/sessions/session-cache.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient, TEST_PASSWORD } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { submitForm } from '../support/forms.ts';
import { eventually } from '../support/polling.ts';
import { expectSentToSignIn, newAgent, setCookie, signInAs, signOutVia } from '../support/sessions.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import request from 'supertest';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { portal } from '../registration/helpers.ts';
import { newcomerJourney } from './newcomer.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
const caches: RunningSessionCache[] = [];

afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
});

/** A web process of its own: its own session cache, listening on the coordinator. */
async function webProcess() {
  const sessions = await startSessionCache({ url: db.current.urls.appUrl, logger: createLogger('silent') });
  caches.push(sessions);
  return (await createTestApp(db.current, { sessionCache: sessions.cache })).app;
}

describe('the portal on Citus', () => {
  it('takes a newcomer from registration through the mailed link to signing in and out', async () => {
    const first = await portal(db.current);
    const second = await portal(db.current);
    // Two tenants, most likely on different workers: the journey must not care.
    await newcomerJourney(db.current, first, sink.current);
    await newcomerJourney(db.current, second, sink.current);
  });

  it('ends the session held in another process when the password changes', async () => {
    const { tenant, slug } = await portal(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const [here, there] = [await webProcess(), await webProcess()];
    const [browser, otherBrowser] = [newAgent(here), newAgent(there)];
    await signInAs(browser, slug, client);
    await signInAs(otherBrowser, slug, client);
    // The other process now holds that browser's session in memory (a second view is a hit).
    for (let view = 0; view < 2; view += 1) await otherBrowser.get(`/${slug}/account`).expect(200);

    const newPassword = 'nowe hasło nad zatoką 2026';
    const changed = await submitForm(
      browser,
      `/${slug}/account/password?lang=en`,
      { currentPassword: TEST_PASSWORD, password: newPassword, passwordConfirmation: newPassword },
      { action: `/${slug}/account/password` },
    );
    expect(changed.status).toBe(303);
    await browser.get(`/${slug}/account`).expect(200);
    await eventually(async () => expectSentToSignIn(await otherBrowser.get(`/${slug}/account`), slug));
  });

  it('ends the session in every process when it signs out in one', async () => {
    const { tenant, slug } = await portal(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const [here, there] = [await webProcess(), await webProcess()];
    const browser = newAgent(here);
    const signedIn = await signInAs(browser, slug, client);
    const cookie = setCookie(signedIn, sessionCookieName({ slug }, 'client', false))!.split(';')[0]!;
    // The other process holds the session in memory (a second view is a hit).
    for (let view = 0; view < 2; view += 1) {
      await request(there).get(`/${slug}/account`).set('Cookie', cookie).expect(200);
    }
    await signOutVia(browser, slug);
    await eventually(async () =>
      expectSentToSignIn(await request(there).get(`/${slug}/account`).set('Cookie', cookie), slug),
    );
  });
});
