// Queuing mail: in the transaction of the change, once per event, sealed at rest, throttled
// per recipient with the dropped mails recorded.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { CHECK_VIOLATION, expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { outboxRows, queueMailCheck, testOutbox } from '../support/mail.ts';
import { MAIL_CHECK } from '../../src/platform/mail/templates.ts';

const db = useTestDatabase();

async function freshTenant() {
  await db.current.owner.raw('TRUNCATE mail_outbox');
  return createTenant(db.current.owner);
}

describe('mail outbox', () => {
  it('queues nothing when the transaction of the change rolls back', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    await expect(
      withTenant(db.current.app, tenant.id, async (trx) => {
        await outbox.enqueue(trx, {
          template: MAIL_CHECK,
          to: 'a@example.test',
          locale: 'pl',
          params: {},
          idempotencyKey: 'k1',
        });
        throw new Error('the registration failed after the mail was queued');
      }),
    ).rejects.toThrow(/registration failed/);
    expect(await outboxRows(db.current)).toEqual([]);
  });

  it('refuses to queue outside a transaction', async () => {
    const outbox = testOutbox(controllableClock(new Date()));
    await expect(
      outbox.enqueue(db.current.app as never, {
        template: MAIL_CHECK,
        to: 'a@example.test',
        locale: 'pl',
        params: {},
        idempotencyKey: 'k',
      }),
    ).rejects.toThrow(/inside the transaction/);
  });

  it('queues one mail per event however often the event is queued', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    const first = await queueMailCheck(db.current.app, outbox, tenant.id, { idempotencyKey: 'event-1' });
    const again = await queueMailCheck(db.current.app, outbox, tenant.id, { idempotencyKey: 'event-1' });
    expect(first.status).toBe('queued');
    expect(again).toEqual({ status: 'duplicate', id: first.id });
    expect(await outboxRows(db.current)).toHaveLength(1);
  });

  it('keeps the parameters sealed: the stored bytes do not contain them', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    await queueMailCheck(db.current.app, outbox, tenant.id, { params: { note: 'token-Zx81qPP' } });
    const [row] = await outboxRows(db.current);
    expect(row!.sealed_params).toBeInstanceOf(Buffer);
    expect(row!.sealed_params!.toString('latin1')).not.toContain('token-Zx81qPP');
  });

  it('refuses an address with a line break or a malformed one, and writes nothing', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    for (const to of ['victim@example.test\r\nBcc: all@example.test', 'not an address', 'a@b@example.test']) {
      await expect(queueMailCheck(db.current.app, outbox, tenant.id, { to })).rejects.toThrow();
    }
    await expect(
      queueMailCheck(db.current.app, outbox, tenant.id, { params: { note: 'one\r\nBcc: x@example.test' } }),
    ).rejects.toThrow(/one line/);
    expect(await outboxRows(db.current)).toEqual([]);
  });

  it('throttles one address per template: the second mail within a minute is dropped and recorded', async () => {
    const tenant = await freshTenant();
    const clock = controllableClock(new Date('2026-11-22T10:00:00Z'));
    const outbox = testOutbox(clock);
    const to = 'Flooded@Example.test';
    expect((await queueMailCheck(db.current.app, outbox, tenant.id, { to })).status).toBe('queued');
    const second = await queueMailCheck(db.current.app, outbox, tenant.id, { to: to.toLowerCase() });
    expect(second).toMatchObject({ status: 'dropped', reason: 'per_minute' });
    // Another address is not affected.
    expect((await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'other@example.test' })).status).toBe(
      'queued',
    );
    const dropped = (await outboxRows(db.current)).find((row) => row.id === second.id)!;
    expect(dropped).toMatchObject({ status: 'dropped', sealed_params: null, last_error: 'throttled: per_minute' });
  });

  it('throttles one address per template per day, and lets it through again the next day', async () => {
    const tenant = await freshTenant();
    const clock = controllableClock(new Date('2026-11-22T06:00:00Z'));
    const outbox = testOutbox(clock);
    const statuses: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      statuses.push((await queueMailCheck(db.current.app, outbox, tenant.id)).status);
      clock.advance(61_000);
    }
    // mail-check allows 20 a day.
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(20);
    expect(statuses.at(-1)).toBe('dropped');
    clock.advance(24 * 3_600_000);
    expect((await queueMailCheck(db.current.app, outbox, tenant.id)).status).toBe('queued');
  });

  it('counts an address with a +tag as the same mailbox', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    expect((await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'jan+1@example.test' })).status).toBe(
      'queued',
    );
    const tagged = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'Jan+2@Example.test' });
    expect(tagged).toMatchObject({ status: 'dropped', reason: 'per_minute' });
  });

  it('stores only plain addresses, whoever writes the row', async () => {
    const tenant = await freshTenant();
    for (const recipient of [
      '"x" <a@example.test>, evil@example.test',
      'a@example.test;b@example.test',
      'a b@x.test',
    ]) {
      await expectSqlState(
        withTenant(db.current.app, tenant.id, (trx) =>
          trx('mail_outbox').insert({
            id: crypto.randomUUID(),
            idempotency_key: recipient,
            recipient,
            template: MAIL_CHECK,
            locale: 'pl',
            created_at: new Date(),
            next_attempt_at: new Date(),
            status: 'dropped',
          }),
        ),
        CHECK_VIOLATION,
      );
    }
  });

  it('lets the worker record outcomes but never change what a mail is or who it goes to', async () => {
    const tenant = await freshTenant();
    const queued = await queueMailCheck(db.current.app, testOutbox(controllableClock(new Date())), tenant.id);
    for (const change of [{ recipient: 'thief@example.test' }, { template: 'other' }, { tenant_id: tenant.id }]) {
      await expectSqlState(
        db.current.worker('mail_outbox').where({ id: queued.id }).update(change),
        INSUFFICIENT_PRIVILEGE,
      );
    }
  });

  it('counts concurrent requests for one address together', async () => {
    const tenant = await freshTenant();
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => queueMailCheck(db.current.app, outbox, tenant.id, { to: 'race@example.test' })),
    );
    expect(outcomes.filter((o) => o.status === 'queued')).toHaveLength(1);
  });

  it('keeps tenants apart: a tenant sees only its own mail', async () => {
    const [a, b] = [await freshTenant(), await createTenant(db.current.owner)];
    const outbox = testOutbox(controllableClock(new Date('2026-11-22T10:00:00Z')));
    await queueMailCheck(db.current.app, outbox, a.id, { to: 'a@example.test' });
    await queueMailCheck(db.current.app, outbox, b.id, { to: 'b@example.test' });
    const seenByA = await withTenant(db.current.app, a.id, (trx) => trx('mail_outbox').pluck('recipient'));
    expect(seenByA).toEqual(['a@example.test']);
  });
});
