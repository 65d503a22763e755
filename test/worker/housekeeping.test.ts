// The worker role's housekeeping purges expired rows of every tenant and nothing else.
import { describe, expect, it } from 'vitest';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { MAIL_HISTORY_DAYS, startHousekeeping } from '../../src/platform/jobs/housekeeping.ts';
import { createTestApp, TEST_SESSION_SECRET } from '../support/app.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE, withClient } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { queueMailCheck, testOutbox } from '../support/mail.ts';
import { createClient } from '../support/clients.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { randomBytes } from 'node:crypto';
import { PURGES } from '../../src/features/index.ts';

const db = useTestDatabase();
const HOUR = 3_600_000;

describe('housekeeping', () => {
  it('prunes expired sessions of all tenants and keeps live ones', async () => {
    const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const { registry } = await createTestApp(db.current);
    const now = new Date('2026-11-23T12:00:00Z');
    const mint = (slug: string, at: Date, name: string) =>
      mintSignedInSession({
        db: db.current.app,
        tenant: registry.findBySlug(slug)!,
        user: { id: crypto.randomUUID(), name },
        secret: TEST_SESSION_SECRET,
        clock: controllableClock(at),
      });
    await mint(a.input.slug, new Date(now.getTime() - 2 * HOUR), 'idle at A');
    await mint(b.input.slug, new Date(now.getTime() - 3 * HOUR), 'idle at B');
    const live = await mint(b.input.slug, new Date(now.getTime() - 60_000), 'active at B');

    const housekeeping = startHousekeeping({
      purges: PURGES,
      db: db.current.worker,
      clock: controllableClock(now),
      logger: createLogger('silent'),
    });
    expect(await housekeeping.runOnce()).toMatchObject({ sessions: 2 });
    expect(await housekeeping.runOnce()).toMatchObject({ sessions: 0 });
    await housekeeping.stop();
    const left = await withClient(db.current.adminUrl, (client) => client.query('SELECT sid FROM sessions'));
    expect(left.rows).toEqual([{ sid: live.sid }]);
  });

  it('prunes closed rate-limit windows', async () => {
    await db.current.app('rate_limits').insert([
      { key: 'x:closed', points: 3, expire: Date.parse('2026-11-23T11:00:00Z') },
      { key: 'x:open', points: 1, expire: Date.parse('2026-11-23T13:00:00Z') },
    ]);
    const housekeeping = startHousekeeping({
      purges: PURGES,
      db: db.current.worker,
      clock: controllableClock(new Date('2026-11-23T12:00:00Z')),
      logger: createLogger('silent'),
    });
    expect(await housekeeping.runOnce()).toMatchObject({ rateLimits: 1 });
    await housekeeping.stop();
    expect((await db.current.app('rate_limits').select('key')).map((row) => row.key)).toEqual(['x:open']);
  });

  it('forgets finished mails after the history period and never touches a queued one', async () => {
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date('2026-06-01T12:00:00Z'));
    const outbox = testOutbox(clock);
    const old = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'old@example.test' });
    const stillQueued = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'waiting@example.test' });
    await db.current.worker('mail_outbox').where({ id: old.id }).update({ status: 'sent', sealed_params: null });
    clock.advance((MAIL_HISTORY_DAYS - 1) * 24 * HOUR);
    const recent = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'recent@example.test' });
    await db.current.worker('mail_outbox').where({ id: recent.id }).update({ status: 'dead', sealed_params: null });
    clock.advance(2 * 24 * HOUR);

    const housekeeping = startHousekeeping({
      purges: PURGES,
      db: db.current.worker,
      clock,
      logger: createLogger('silent'),
    });
    expect(await housekeeping.runOnce()).toMatchObject({ mailHistory: 1 });
    await housekeeping.stop();
    const left = await db.current.worker('mail_outbox').orderBy('recipient').pluck('id');
    expect(left.sort()).toEqual([recent.id, stillQueued.id].sort());
  });

  it('removes expired self-registrations and dead links, and never an active client', async () => {
    const tenant = await createTenant(db.current.owner);
    const now = new Date('2026-11-23T12:00:00Z');
    const pending = (expires: Date) =>
      createClient(db.current.app, tenant.id, { status: 'pending_activation', registration_expires_at: expires });
    const expired = await pending(new Date(now.getTime() - 60_000));
    const waiting = await pending(new Date(now.getTime() + HOUR));
    const active = await createClient(db.current.app, tenant.id, { status: 'active', password_hash: 'x' });
    await withTenant(db.current.app, tenant.id, async (trx) => {
      const token = (expires: Date, used: Date | null) => ({
        client_id: active.id,
        purpose: 'password_reset',
        token_hash: randomBytes(32),
        created_at: new Date(now.getTime() - 48 * HOUR),
        expires_at: expires,
        used_at: used,
      });
      await trx('account_tokens').insert([
        token(new Date(now.getTime() - HOUR), null),
        token(new Date(now.getTime() + HOUR), new Date(now.getTime() - 25 * HOUR)),
        token(new Date(now.getTime() + HOUR), new Date(now.getTime() - HOUR)),
        token(new Date(now.getTime() + HOUR), null),
      ]);
    });

    const housekeeping = startHousekeeping({
      purges: PURGES,
      db: db.current.worker,
      clock: controllableClock(now),
      logger: createLogger('silent'),
    });
    expect(await housekeeping.runOnce()).toMatchObject({ expiredRegistrations: 1, accountTokens: 2 });
    await housekeeping.stop();
    const left = await withTenant(db.current.app, tenant.id, (trx) => trx('clients').pluck('id'));
    expect(left.sort()).toEqual([waiting.id, active.id].sort());
    expect(left).not.toContain(expired.id);
    // The worker may remove a pending registration, nothing else of a client.
    await expectSqlState(db.current.worker.raw('SELECT first_name FROM clients'), INSUFFICIENT_PRIVILEGE);
    expect(await db.current.worker('clients').where({ id: active.id }).del()).toBe(0);
    // Not even by claiming the tenant for itself: a restrictive policy holds the worker to pending rows.
    await db.current.worker.transaction(async (trx) => {
      await trx.raw("SELECT set_config('app.tenant_id', ?, true)", [tenant.id]);
      expect(await trx('clients').where({ id: active.id }).del()).toBe(0);
      expect(await trx('clients').count({ n: '*' }).first()).toEqual({ n: '1' });
    });
  });

  it('lets the worker see when a session expires, never what it holds', async () => {
    await expectSqlState(db.current.worker.raw('SELECT sess FROM sessions'), INSUFFICIENT_PRIVILEGE);
    // A session id is a bearer credential: the worker never sees one.
    await expectSqlState(db.current.worker.raw('SELECT sid FROM sessions'), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(db.current.worker.raw('UPDATE sessions SET expire = now()'), INSUFFICIENT_PRIVILEGE);
  });
});
