// Several workers at once, and a worker that dies: every mail is sent, and sent once.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { controllableClock } from '../../src/lib/clock.ts';
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
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { MAIL_CHECK } from '../../src/platform/mail/templates.ts';

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

describe('mail workers together', () => {
  it('two workers draining 2,000 mails send each exactly once', async () => {
    await db.current.owner.raw('TRUNCATE mail_outbox');
    sink.messages.length = 0;
    const tenant = await createTenant(db.current.owner);
    const clock = controllableClock(new Date('2026-11-22T10:00:00Z'));
    const outbox = testOutbox(clock);
    await withTenant(db.current.app, tenant.id, async (trx) => {
      for (let i = 0; i < 2_000; i += 1) {
        await outbox.enqueue(trx, {
          template: MAIL_CHECK,
          to: `resident-${i}@example.test`,
          locale: 'pl',
          params: {},
          idempotencyKey: `bulk:${i}`,
        });
      }
    });
    const registry = await loadedRegistry(db.current);
    const [first, second] = [1, 2].map(() =>
      testMailWorker(db.current, {
        smtpUrl: sink.url,
        clock,
        registry,
        batchSize: 25,
      }),
    );
    const results = await Promise.all([first!.drain(), second!.drain()]);
    await Promise.all([first!.stop(), second!.stop()]);

    expect(results[0]!.sent + results[1]!.sent).toBe(2_000);
    expect(results[0]!.sent).toBeGreaterThan(0);
    expect(results[1]!.sent).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(2_000);
    expect(new Set(sink.messages.map((m) => m.parsed.messageId)).size).toBe(2_000);
    expect(new Set(sink.messages.map((m) => m.envelopeTo[0])).size).toBe(2_000);
    const rows = await outboxRows(db.current);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  }, 60_000);

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
