// The per-IP limit: one address trying many accounts (each below its own lockout) is stopped
// after 30 wrong passwords in 15 minutes, at every tenant alike, with a message that says
// when to try again; other addresses are not affected.
import { describe, expect, it } from 'vitest';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createTestApp } from '../support/app.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';
import { attempt, signInPortal, verificationsSoFar } from './helpers.ts';

const db = useTestDatabase();

describe('per-IP limit across accounts', () => {
  it('trips across 50 accounts from one address, without verifying more passwords', async () => {
    const portal = await signInPortal(db.current);
    const clients = [];
    for (let i = 0; i < 50; i += 1) clients.push(await createActiveClient(db.current.app, portal.tenant.id));
    const statuses: number[] = [];
    for (const client of clients.slice(0, 30)) {
      statuses.push((await attempt(portal, client.email!, 'Lato2026!', '203.0.113.9')).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);

    const before = await verificationsSoFar();
    const refused = [];
    for (const client of clients.slice(30))
      refused.push(await attempt(portal, client.email!, 'Lato2026!', '203.0.113.9'));
    expect(refused.map((response) => response.status)).toEqual(Array(20).fill(429));
    // A 15-minute window, counted by the real clock: the minutes left, as Retry-After says.
    const seconds = Number(refused[0]!.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(visibleText(refused[0]!.text)).toContain(
      `Too many unsuccessful sign-ins from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
    );
    // Not even the right password of an account is tried from there until the window ends.
    expect((await attempt(portal, clients[49]!.email!, clients[49]!.password, '203.0.113.9')).status).toBe(429);
    expect(await verificationsSoFar()).toBe(before);

    // Another address signs in as usual.
    expect((await attempt(portal, clients[49]!.email!, clients[49]!.password, '203.0.113.10')).status).toBe(303);
  });

  it('cannot be outrun by a burst sent at once', async () => {
    const portal = await signInPortal(db.current, {}, { failuresPerIp: { points: 3, durationSeconds: 900 } });
    const clients = [];
    for (let i = 0; i < 25; i += 1) clients.push(await createActiveClient(db.current.app, portal.tenant.id));
    const before = await verificationsSoFar();
    const statuses = await Promise.all(
      clients.map(async (client) => (await attempt(portal, client.email!, 'Lato2026!', '203.0.113.55')).status),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(22);
    expect((await verificationsSoFar()) - before).toBe(3);
  });

  it('counts one address across tenants, and never counts right passwords', async () => {
    const a = await signInPortal(db.current);
    const b = await createTenant(db.current.owner);
    const { app: appB } = await createTestApp(db.current, { trustProxy: true });
    const atA = await createActiveClient(db.current.app, a.tenant.id);
    const atB = await createActiveClient(db.current.app, b.id);
    const ip = '203.0.113.77';
    for (let i = 0; i < 40; i += 1) {
      expect((await attempt(a, atA.email!, atA.password, ip)).status).toBe(303);
    }
    for (let i = 0; i < 30; i += 1) {
      const client = await createActiveClient(db.current.app, a.tenant.id);
      await attempt(a, client.email!, 'wrong', ip);
    }
    const atTenantB = await signInWith(newAgent(appB), b.input.slug, atB.email!, atB.password, {
      'X-Forwarded-For': ip,
    });
    expect(atTenantB.status).toBe(429);
  });
});
