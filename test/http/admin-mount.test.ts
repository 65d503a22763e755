// /{slug}/admin is the staff's: its own session (cookie okienko.staff.{slug}, kind staff,
// shorter timeouts) instead of the client's. A client signed in in the same browser is neither
// recognised there nor touched, and a staff cookie counts for nothing on the client's pages.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { createTestApp, TEST_SESSION_SECRET } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { expectSentToSignIn, newAgent, setCookie, signInAs } from '../support/sessions.ts';

const db = useTestDatabase();

describe('the staff section’s own session', () => {
  it('does not load or touch a client’s session, and a staff session is not a client’s', async () => {
    const tenant = await createTenant(db.current.owner);
    const slug = tenant.input.slug;
    const { app, registry } = await createTestApp(db.current);
    const client = await createActiveClient(db.current.app, tenant.id);
    const browser = newAgent(app);
    const signedIn = await signInAs(browser, slug, client);
    const clientCookie = setCookie(signedIn, sessionCookieName({ slug }, 'client', false))!;
    expect(clientCookie).toBeDefined();

    const admin = await browser.get(`/${slug}/admin/no-such-page?lang=en`).expect(404);
    expect(admin.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('okienko.session.')]),
    );
    // The client is still signed in on the client's pages.
    await browser.get(`/${slug}/account`).expect(200);

    // A staff session's cookie, as the staff sign-in will make, is no client session.
    const staff = await mintSignedInSession({
      db: db.current.app,
      tenant: registry.findBySlug(slug)!,
      user: { id: crypto.randomUUID(), name: 'Kasia', kind: 'staff' },
      secret: TEST_SESSION_SECRET,
      clock: controllableClock(new Date()),
    });
    expect(staff.cookie.startsWith(`okienko.staff.${slug}=`)).toBe(true);
    expectSentToSignIn(await request(app).get(`/${slug}/account`).set('Cookie', staff.cookie), slug);
    // Planted under the client's cookie name, a staff session is refused there too.
    const planted = staff.cookie.replace(`okienko.staff.${slug}=`, `okienko.session.${slug}=`);
    expectSentToSignIn(await request(app).get(`/${slug}/account`).set('Cookie', planted), slug);
  });
});
