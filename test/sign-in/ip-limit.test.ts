// The per-IP limit: one address trying many accounts (each below its own lockout) is stopped
// after a number of wrong passwords in a window, at every tenant alike, with a message that says
// when to try again; other addresses are not affected. The portal allows 30 in 15 minutes; the
// tests set 3, so that each proves the rule with a handful of sign-ins (each an argon2
// verification) instead of dozens, and takes as long as its rule needs on any machine.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_LIMITS } from '../../src/features/accounts/sign-in/sign-in.routes.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createTestApp } from '../support/app.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';
import { attempt, signInPortal, verificationsSoFar } from './helpers.ts';

const db = useTestDatabase();
const LIMIT = 3;
const signInLimits = { failuresPerIp: { points: LIMIT, durationSeconds: 15 * 60 } };

describe('per-IP limit across accounts', () => {
  it('is 30 wrong passwords in 15 minutes unless configured otherwise', () => {
    expect(DEFAULT_SIGN_IN_LIMITS.failuresPerIp).toEqual({ points: 30, durationSeconds: 15 * 60 });
  });

  it('trips across accounts from one address, without verifying more passwords', async () => {
    const portal = await signInPortal(db.current, {}, signInLimits);
    const clients = [];
    for (let i = 0; i < LIMIT + 2; i += 1) clients.push(await createActiveClient(db.current.app, portal.tenant.id));
    const statuses: number[] = [];
    for (const client of clients.slice(0, LIMIT)) {
      statuses.push((await attempt(portal, client.email!, 'Lato2026!', '203.0.113.9')).status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    const before = await verificationsSoFar();
    const refused = [];
    for (const client of clients.slice(LIMIT))
      refused.push(await attempt(portal, client.email!, 'Lato2026!', '203.0.113.9'));
    expect(refused.map((response) => response.status)).toEqual([429, 429]);
    // A 15-minute window, counted by the real clock: the minutes left, as Retry-After says.
    const seconds = Number(refused[0]!.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(visibleText(refused[0]!.text)).toContain(
      `Too many unsuccessful sign-ins from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
    );
    // Not even the right password of an account is tried from there until the window ends.
    const last = clients.at(-1)!;
    expect((await attempt(portal, last.email!, last.password, '203.0.113.9')).status).toBe(429);
    expect(await verificationsSoFar()).toBe(before);

    // Another address signs in as usual.
    expect((await attempt(portal, last.email!, last.password, '203.0.113.10')).status).toBe(303);
  });

  it('cannot be outrun by a burst sent at once', async () => {
    const portal = await signInPortal(db.current, {}, signInLimits);
    const clients = [];
    for (let i = 0; i < 3 * LIMIT; i += 1) clients.push(await createActiveClient(db.current.app, portal.tenant.id));
    const before = await verificationsSoFar();
    const statuses = await Promise.all(
      clients.map(async (client) => (await attempt(portal, client.email!, 'Lato2026!', '203.0.113.55')).status),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * LIMIT);
    expect((await verificationsSoFar()) - before).toBe(LIMIT);
  });

  it('counts one address across tenants, and never counts right passwords', async () => {
    const a = await signInPortal(db.current, {}, signInLimits);
    const b = await createTenant(db.current.owner);
    const { app: appB } = await createTestApp(db.current, { trustProxy: true, limits: signInLimits });
    const atA = await createActiveClient(db.current.app, a.tenant.id);
    const atB = await createActiveClient(db.current.app, b.id);
    const ip = '203.0.113.77';
    // More right passwords than the limit: were they counted, the last ones would be refused.
    for (let i = 0; i < LIMIT + 1; i += 1) {
      expect((await attempt(a, atA.email!, atA.password, ip)).status).toBe(303);
    }
    for (let i = 0; i < LIMIT; i += 1) {
      const client = await createActiveClient(db.current.app, a.tenant.id);
      expect((await attempt(a, client.email!, 'wrong', ip)).status).toBe(401);
    }
    const atTenantB = await signInWith(newAgent(appB), b.input.slug, atB.email!, atB.password, {
      'X-Forwarded-For': ip,
    });
    expect(atTenantB.status).toBe(429);
  });
});
