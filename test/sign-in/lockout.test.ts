// The per-account lockout as an attacker guessing one account's password meets it: counted in
// PostgreSQL before the password is verified, so a flood verifies no more than the limit; a
// locked account answers exactly like a wrong password; the owner hears of it once a day.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { outboxRows } from '../support/mail.ts';
import { attempt, attemptsCounted, MINUTE, signInPortal, verificationsSoFar, withoutCsrf } from './helpers.ts';

const db = useTestDatabase();

describe('per-account lockout', () => {
  // A tenant limit of 3 failures, so that a handful of racing requests (several times the
  // limit, all at once) proves the bound: how many are sent does not make the race harder, and
  // a few dozen take the same time on any machine where hundreds did not.
  const SMALL_LIMIT = { lockout: { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 } };

  it('verifies at most the configured failures of wrong passwords sent at once', async () => {
    const portal = await signInPortal(db.current, SMALL_LIMIT);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const before = await verificationsSoFar();
    const answers: number[] = [];
    for (let batch = 0; batch < 3; batch += 1) {
      // 12 at a time from 12 addresses, racing for the same account row.
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => attempt(portal, client.email!, `wrong-${batch}-${i}`)),
      );
      answers.push(...responses.map((response) => response.status));
      portal.clock.advance(MINUTE);
    }
    expect(answers).toEqual(Array(36).fill(401));
    expect((await verificationsSoFar()) - before).toBeLessThanOrEqual(3);
    expect((await verificationsSoFar()) - before).toBeGreaterThanOrEqual(1);
  });

  it('spread over an hour, verifies no more than the limit per lock period', async () => {
    const portal = await signInPortal(db.current, SMALL_LIMIT);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const before = await verificationsSoFar();
    for (let i = 0; i < 30; i += 1) {
      await attempt(portal, client.email!, `wrong-${i}`);
      portal.clock.advance(2 * MINUTE); // 30 × 2 minutes = one hour
    }
    // Locked after 3 failures for 15 minutes: at most four lock periods within the hour.
    const verified = (await verificationsSoFar()) - before;
    expect(verified).toBeLessThanOrEqual(3 * 4);
    expect(verified).toBeGreaterThanOrEqual(3);
  });

  it('answers a locked account exactly like a wrong password, and lets the right one in once the lock ends', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const wrong = await attempt(portal, client.email!, 'not-the-password');
    const unknown = await attempt(portal, 'nobody@example.test', 'not-the-password');
    for (let i = 0; i < 9; i += 1) await attempt(portal, client.email!, `wrong-${i}`);

    const before = await verificationsSoFar();
    const lockedBefore = await attemptsCounted('locked');
    const locked = await attempt(portal, client.email!, client.password);
    expect(locked.status).toBe(401);
    expect(await verificationsSoFar()).toBe(before); // not even the right password is verified
    expect(await attemptsCounted('locked')).toBe(lockedBefore + 1); // operators see it
    expect(withoutCsrf(locked.text)).toBe(withoutCsrf(wrong.text));
    // The same page, apart from the address typed (which is put back into its field).
    expect(withoutCsrf(unknown.text).replace('nobody@example.test', client.email!)).toBe(withoutCsrf(wrong.text));
    expect(locked.headers['set-cookie']?.length).toBe(wrong.headers['set-cookie']?.length);

    portal.clock.advance(14 * MINUTE);
    expect((await attempt(portal, client.email!, client.password)).status).toBe(401);
    portal.clock.advance(MINUTE);
    const signedIn = await attempt(portal, client.email!, client.password);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`/${portal.slug}/account`);
  });

  it('follows the tenant settings', async () => {
    const portal = await signInPortal(db.current, { lockout: { maxFailures: 3, windowMinutes: 5, lockMinutes: 60 } });
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    for (let i = 0; i < 3; i += 1) await attempt(portal, client.email!, `wrong-${i}`);
    portal.clock.advance(59 * MINUTE);
    expect((await attempt(portal, client.email!, client.password)).status).toBe(401);
    portal.clock.advance(MINUTE);
    expect((await attempt(portal, client.email!, client.password)).status).toBe(303);
  });

  it('forgets failures older than the window, and a right password clears the count', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    for (let i = 0; i < 9; i += 1) await attempt(portal, client.email!, `wrong-${i}`);
    portal.clock.advance(16 * MINUTE);
    for (let i = 0; i < 9; i += 1) await attempt(portal, client.email!, `again-${i}`);
    expect((await attempt(portal, client.email!, client.password)).status).toBe(303);
    for (let i = 0; i < 9; i += 1) await attempt(portal, client.email!, `later-${i}`);
    expect((await attempt(portal, client.email!, client.password)).status).toBe(303);
  });

  it('mails the owner when the account locks, at most once a day', async () => {
    const portal = await signInPortal(db.current);
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    const lockMails = async () =>
      (await outboxRows(db.current)).filter(
        (row) => row.template === 'account-locked' && row.status !== 'dropped' && row.recipient === client.email,
      );
    const lockItUp = async () => {
      for (let i = 0; i < 15; i += 1) await attempt(portal, client.email!, `wrong-${i}`);
    };
    await lockItUp();
    expect((await lockMails()).map((row) => row.recipient)).toEqual([client.email]);
    portal.clock.advance(16 * MINUTE);
    await lockItUp(); // locked again the same day: no second mail
    expect(await lockMails()).toHaveLength(1);
    portal.clock.advance(24 * 60 * MINUTE);
    await lockItUp();
    expect(await lockMails()).toHaveLength(2);
  });

  it('records every attempt in the account history: outcome, address and browser', async () => {
    const portal = await signInPortal(db.current, { lockout: { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 } });
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    for (let i = 0; i < 4; i += 1) {
      await attempt(portal, client.email!, `wrong-${i}`, '192.0.2.7');
      portal.clock.advance(1_000);
    }
    portal.clock.advance(15 * MINUTE);
    await attempt(portal, client.email!, client.password, '192.0.2.8');
    const events = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      trx('sign_in_events')
        .where({ client_id: client.id })
        .orderBy('occurred_at')
        .select('outcome', 'ip', 'user_agent'),
    );
    expect(events.map((event) => event.outcome)).toEqual([
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'locked',
      'success',
    ]);
    expect(events.at(-1)!.ip).toBe('192.0.2.8');
  });

  it('records attempts on a locked account at most once a minute, so a flood cannot grow the history', async () => {
    const portal = await signInPortal(db.current, { lockout: { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 } });
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    for (let i = 0; i < 3; i += 1) await attempt(portal, client.email!, `wrong-${i}`);
    for (let i = 0; i < 40; i += 1) {
      await attempt(portal, client.email!, `flood-${i}`);
      portal.clock.advance(3_000); // two minutes in all
    }
    const locked = await withTenant(db.current.app, portal.tenant.id, (trx) =>
      trx('sign_in_events').where({ client_id: client.id, outcome: 'locked' }).count({ n: '*' }).first(),
    );
    expect(Number(locked!.n)).toBe(2);
  });
});
