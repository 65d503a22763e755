// Idle and absolute timeouts, enforced on the server from timestamps in the session and moved
// by the controllable clock; and the at-most-one-write-a-minute rule for signed-in page views.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { clockStartingNow, MINUTE } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createActiveClient } from '../support/clients.ts';
import { newAgent, signInAs } from '../support/sessions.ts';

const db = useTestDatabase();

async function signedIn(settings: Record<string, unknown> = {}) {
  const tenant = await createTenant(db.current.owner, { settings });
  const clock = clockStartingNow();
  const { app } = await createTestApp(db.current, { clock });
  const browser = newAgent(app);
  await signInAs(browser, tenant.input.slug, await createActiveClient(db.current.app, tenant.id));
  const account = () => browser.get(`/${tenant.input.slug}/account`);
  const signedOut = async () =>
    expect((await account().expect(303)).headers.location).toBe(`/${tenant.input.slug}/sign-in?next=%2Faccount`);
  /** The row's transaction id changes with every write to it. */
  const rowVersion = () =>
    withTenant(db.current.app, tenant.id, async (trx) => (await trx.raw('SELECT xmin::text AS v FROM sessions')).rows);
  return { tenant, clock, account, signedOut, rowVersion };
}

describe('idle timeout', () => {
  it('keeps an active session alive and ends one left idle for 30 minutes', async () => {
    const { clock, account, signedOut, rowVersion } = await signedIn();
    clock.advance(29 * MINUTE);
    await account().expect(200);
    clock.advance(29 * MINUTE); // 29 minutes after the last activity: still alive
    await account().expect(200);
    clock.advance(30 * MINUTE);
    await signedOut();
    expect(await rowVersion()).toEqual([]); // the row is gone, not just ignored
  });

  it('follows the tenant setting', async () => {
    const { clock, signedOut } = await signedIn({ session: { idleMinutes: 10, absoluteHours: 12 } });
    clock.advance(11 * MINUTE);
    await signedOut();
  });
});

describe('absolute lifetime', () => {
  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { clock, account, signedOut } = await signedIn();
    for (let hour = 0; hour < 11; hour += 1) {
      clock.advance(20 * MINUTE);
      await account().expect(200);
      clock.advance(20 * MINUTE);
      await account().expect(200);
      clock.advance(20 * MINUTE);
      await account().expect(200);
    }
    for (const step of [20, 20, 19]) {
      clock.advance(step * MINUTE); // up to 11:59 after sign-in
      await account().expect(200);
    }
    clock.advance(2 * MINUTE);
    await signedOut();
  });
});

describe('writes per signed-in page view', () => {
  it('writes nothing for views within a minute, then moves the idle deadline once', async () => {
    const { clock, account, rowVersion } = await signedIn();
    const afterSignIn = await rowVersion();
    for (let view = 0; view < 10; view += 1) {
      clock.advance(5_000);
      await account().expect(200);
    }
    expect(await rowVersion()).toEqual(afterSignIn);
    clock.advance(11_000); // 61 s after the last write
    await account().expect(200);
    const moved = await rowVersion();
    expect(moved).not.toEqual(afterSignIn);
    await account().expect(200);
    expect(await rowVersion()).toEqual(moved);
  });
});
