// Several workers at once, and a worker that dies: every mail is sent, and sent once. The
// meetings that could send a mail twice are staged one by one (a claim while another worker's
// mails are in flight, a claim while another's is under way, a worker gone mid-batch) rather
// than hoped for among thousands of mails: the same on any machine, at any speed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import type { TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import {
  loadedRegistry,
  outboxRows,
  queueMailCheck,
  TEST_DATA_KEY,
  testMailWorker,
  testOutbox,
} from '../support/mail.ts';
import { pollValue } from '../support/polling.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const db = useTestDatabase({ appPoolMax: 2 });
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

/** An SMTP server that accepts connections and then never answers the message. */
async function startStallingServer(): Promise<{ url: string; dataStarted: Promise<void>; close(): void }> {
  let started!: () => void;
  const dataStarted = new Promise<void>((resolve) => (started = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream) {
      started();
      stream.resume();
    },
  });
  // The killed worker's connection resets; that is the point, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, dataStarted, close: () => server.close() };
}

/** Locks some session of this database is waiting for. */
async function lockWaits(owner: Knex): Promise<number> {
  const { rows } = await owner.raw<{ rows: { count: number }[] }>(
    `SELECT count(*)::int AS count FROM pg_locks
      WHERE NOT granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`,
  );
  return rows[0]!.count;
}

describe('mail workers together', () => {
  // Each step waits for the database to show the last one done, so the two workers meet the
  // same way on any machine: the second claims while the first still has its mails in flight.
  it('a worker claiming while another sends leaves that one’s mails alone, and each mail is sent once', async () => {
    await db.current.owner.raw('TRUNCATE mail_outbox');
    sink.messages.length = 0;
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date('2026-11-22T10:00:00Z'));
    const outbox = testOutbox(clock);
    for (let i = 0; i < 6; i += 1) {
      await queueMailCheck(db.current.app, outbox, tenant.id, { to: `resident-${i}@example.test` });
    }
    const registry = await loadedRegistry(db.current);
    const [first, second] = [1, 2].map(() =>
      testMailWorker(db.current, { smtpUrl: sink.url, clock, registry, batchSize: 3, lanes: 1 }),
    );
    const leased = async (): Promise<number> =>
      (await outboxRows(db.current)).filter((row) => row.locked_by !== null).length;

    sink.hold();
    const firstDrain = first!.drain();
    expect(await pollValue(leased, (count) => count === 3)).toBe(3);
    const secondDrain = second!.drain();
    expect(await pollValue(leased, (count) => count === 6)).toBe(6);
    const byWorker = new Map((await outboxRows(db.current)).map((row) => [row.recipient, row.locked_by]));
    expect(new Set(byWorker.values()).size, 'each worker holds a batch of its own').toBe(2);
    sink.release();
    const results = await Promise.all([firstDrain, secondDrain]);
    await Promise.all([first!.stop(), second!.stop()]);

    expect(results).toEqual([
      { sent: 3, retried: 0, dead: 0 },
      { sent: 3, retried: 0, dead: 0 },
    ]);
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `resident-${i}@example.test`),
    );
    expect(new Set(sink.messages.map((m) => m.parsed.messageId)).size).toBe(6);
    const rows = await outboxRows(db.current);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  // A batch is claimed tenant by tenant (one locking statement each, as Citus requires), and
  // split among the tenants with mail due: one tenant's flood does not hold another's mail
  // back for batches, and two workers claiming from the same tenants still share no mail.
  it('splits a batch among the tenants with mail due, and two workers never claim the same mail', async () => {
    await db.current.owner.raw('TRUNCATE mail_outbox');
    sink.messages.length = 0;
    const [flooded, other] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const clock = controllableClock(new Date('2026-11-22T10:00:00Z'));
    const outbox = testOutbox(clock);
    // The flood first, each mail a second after the last; the other tenant's two after all of it.
    const queue = async (tenantId: TenantId, to: string) => {
      await queueMailCheck(db.current.app, outbox, tenantId, { to });
      clock.advance(1_000);
    };
    for (let i = 0; i < 6; i += 1) await queue(flooded.id, `flood-${i}@example.test`);
    for (let i = 0; i < 2; i += 1) await queue(other.id, `other-${i}@example.test`);
    const registry = await loadedRegistry(db.current);
    const [first, second] = [1, 2].map(() =>
      testMailWorker(db.current, { smtpUrl: sink.url, clock, registry, batchSize: 4, lanes: 1 }),
    );
    const leased = async (): Promise<{ recipient: string; locked_by: string | null }[]> =>
      (await outboxRows(db.current)).filter((row) => row.locked_by !== null);
    const recipientsOf = (rows: { recipient: string }[]) => rows.map((row) => row.recipient).sort();

    sink.hold();
    const firstDrain = first!.drain();
    const firstBatch = await pollValue(leased, (rows) => rows.length === 4);
    // The oldest 4 would all be the flood's: the other tenant's mail shares the first batch.
    expect(recipientsOf(firstBatch)).toEqual([
      'flood-0@example.test',
      'flood-1@example.test',
      'other-0@example.test',
      'other-1@example.test',
    ]);
    const secondDrain = second!.drain();
    const bothBatches = await pollValue(leased, (rows) => rows.length === 8);
    const firstWorker = firstBatch[0]!.locked_by;
    expect(recipientsOf(bothBatches.filter((row) => row.locked_by !== firstWorker))).toEqual(
      [2, 3, 4, 5].map((i) => `flood-${i}@example.test`),
    );
    sink.release();
    const results = await Promise.all([firstDrain, secondDrain]);
    await Promise.all([first!.stop(), second!.stop()]);

    expect(results).toEqual([
      { sent: 4, retried: 0, dead: 0 },
      { sent: 4, retried: 0, dead: 0 },
    ]);
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((i) => `flood-${i}@example.test`),
      ...[0, 1].map((i) => `other-${i}@example.test`),
    ]);
    expect(new Set(sink.messages.map((m) => m.parsed.messageId)).size).toBe(8);
    const rows = await outboxRows(db.current);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('a claim under way elsewhere is skipped, not waited for, and its mails are sent once it is done', async () => {
    await db.current.owner.raw('TRUNCATE mail_outbox');
    sink.messages.length = 0;
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date('2026-11-22T10:00:00Z'));
    const outbox = testOutbox(clock);
    for (let i = 0; i < 4; i += 1) {
      await queueMailCheck(db.current.app, outbox, tenant.id, { to: `resident-${i}@example.test` });
    }
    const worker = testMailWorker(db.current, {
      smtpUrl: sink.url,
      clock,
      registry: await loadedRegistry(db.current),
      lanes: 1,
    });

    // Two rows locked as another worker's claim holds them between its SELECT and its commit
    // (naming the tenant, as a claim does: Citus locks rows of one shard at a time only).
    const otherClaim = await db.current.worker.transaction();
    const locked: { recipient: string }[] = await otherClaim('mail_outbox')
      .where({ tenant_id: tenant.id })
      .whereIn('recipient', ['resident-0@example.test', 'resident-1@example.test'])
      .forUpdate()
      .select('recipient');
    expect(locked).toHaveLength(2);
    try {
      // The drain ends while those rows stay locked. A worker that waited for them instead
      // would show in pg_locks as a lock not granted, and the test says so then and there.
      let drained = false;
      const firstDrain = worker.drain().finally(() => (drained = true));
      const waits = await pollValue(
        () => lockWaits(db.current.owner),
        (count) => drained || count > 0,
      );
      expect(waits, 'the worker waits for rows another claim holds').toBe(0);
      expect(await firstDrain).toEqual({ sent: 2, retried: 0, dead: 0 });
      expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'resident-2@example.test',
        'resident-3@example.test',
      ]);
    } finally {
      await otherClaim.commit();
    }

    expect(await worker.drain()).toEqual({ sent: 2, retried: 0, dead: 0 });
    await worker.stop();
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [0, 1, 2, 3].map((i) => `resident-${i}@example.test`),
    );
    expect((await outboxRows(db.current)).every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('a worker killed mid-batch leaves its mails to another worker once its lease runs out', async () => {
    await db.current.owner.raw('TRUNCATE mail_outbox');
    sink.messages.length = 0;
    const tenant = await createTenant(db.current.owner);
    const now = new Date();
    const outbox = testOutbox(controllableClock(now));
    for (let i = 0; i < 5; i += 1) {
      await queueMailCheck(db.current.app, outbox, tenant.id, { to: `held-${i}@example.test` });
    }

    const stalling = await startStallingServer();
    const child = spawn(process.execPath, ['test/mail/fixtures/mail-worker-process.ts'], {
      env: {
        ...process.env,
        WORKER_URL: db.current.urls.workerUrl,
        SMTP_URL: stalling.url,
        DATA_KEY: TEST_DATA_KEY.toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await stalling.dataStarted;
    child.kill('SIGKILL');
    await once(child, 'exit');
    stalling.close();
    const held = await outboxRows(db.current);
    expect(held.every((row) => row.status === 'queued' && row.locked_by !== null)).toBe(true);

    // The survivor respects the dead worker's lease…
    const clock = controllableClock(new Date(Date.now() + 1_000));
    const survivor = testMailWorker(db.current, {
      smtpUrl: sink.url,
      clock,
      registry: await loadedRegistry(db.current),
    });
    expect(await survivor.drain()).toEqual({ sent: 0, retried: 0, dead: 0 });
    // … and takes the mails over when it runs out.
    clock.advance(5 * 60_000);
    expect(await survivor.drain()).toMatchObject({ sent: 5 });
    await survivor.stop();
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `held-${i}@example.test`),
    );
    expect((await outboxRows(db.current)).every((row) => row.status === 'sent' && row.attempts === 2)).toBe(true);
  }, 30_000);
});
