// The worker against a real SMTP server: what arrives, what happens when the server is down
// or refuses, and that the content is gone once the mail is out.
import { beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { controllableClock } from '../../src/lib/clock.ts';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import { RETRY_FOR_MS } from '../../src/platform/mail/retry-policy.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { loadedRegistry, outboxRows, queueMailCheck, testMailWorker, testOutbox } from '../support/mail.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';

const db = useTestDatabase();
const smtp = useSmtpSink();
let tenant: CreatedTenant;

beforeEach(async () => {
  await db.current.owner.raw('TRUNCATE mail_outbox');
  tenant = await createTenant(db.current.owner);
});

async function setUp(start = new Date('2026-11-22T10:00:00Z')) {
  const clock = controllableClock(start);
  const registry = await loadedRegistry(db.current);
  const worker = testMailWorker(db.current, {
    smtpUrl: smtp.current.url,
    clock,
    registry,
  });
  return { clock, registry, worker, outbox: testOutbox(clock) };
}

describe('mail worker', () => {
  it('sends the mail in the recipient’s language with the tenant’s name, reply-to and a stable Message-ID', async () => {
    const { worker, outbox } = await setUp();
    const queued = await queueMailCheck(db.current.app, outbox, tenant.id, {
      to: 'Jan.Kowalski@example.test',
      locale: 'en',
      params: { note: 'after the move' },
    });
    expect(await worker.drain()).toEqual({ sent: 1, retried: 0, dead: 0 });
    await worker.stop();

    const [mail] = smtp.current.messages;
    expect(mail!.envelopeTo).toEqual(['Jan.Kowalski@example.test']);
    expect(mail!.parsed.from).toMatchObject({ name: tenant.input.name, address: 'no-reply@portal.example.test' });
    expect(mail!.parsed.replyTo).toEqual([{ name: tenant.input.name, address: tenant.input.contact.email }]);
    expect(mail!.parsed.messageId).toBe(`<${queued.id}@portal.example.test>`);
    expect(mail!.parsed.subject).toBe(`Test message: ${tenant.input.name} after the move`);
    expect(mail!.parsed.text).toContain('this is a test message');
    expect(mail!.parsed.text).toContain(`https://portal.example.test/${tenant.input.slug}/`);
    expect(mail!.parsed.html).toContain(`href="https://portal.example.test/${tenant.input.slug}/"`);
    expect(mail!.parsed.html).toContain('lang="en"');
    expect(mail!.parsed.html).toContain(tenant.input.branding.primaryColour);
  });

  it('erases the content once the mail is sent, keeping what staff may see', async () => {
    const { worker, outbox } = await setUp();
    await queueMailCheck(db.current.app, outbox, tenant.id, { params: { note: 'secret-link-abc' } });
    await worker.drain();
    await worker.stop();
    const [row] = await outboxRows(db.current);
    expect(row).toMatchObject({ status: 'sent', sealed_params: null, attempts: 1, locked_by: null });
    expect(JSON.stringify(row)).not.toContain('secret-link-abc');
  });

  it('writes Polish by default and escapes what it interpolates into HTML', async () => {
    const { worker, outbox } = await setUp();
    await queueMailCheck(db.current.app, outbox, tenant.id, { params: { note: '<script>alert(1)</script>' } });
    await worker.drain();
    await worker.stop();
    const [mail] = smtp.current.messages;
    expect(mail!.parsed.subject).toMatch(/^Wiadomość testowa: /);
    expect(mail!.parsed.html).not.toContain('<script>');
    expect(mail!.parsed.html).toContain('&lt;script&gt;');
  });

  it('sends every tenant’s mail in one drain, oldest first, when a batch reaches fewer tenants than have mail', async () => {
    const { clock, outbox, worker: unused } = await setUp();
    await unused.stop();
    const others = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    for (const [index, { id }] of [tenant, ...others].entries()) {
      await queueMailCheck(db.current.app, outbox, id, { to: `tenant-${index}@example.test` });
      clock.advance(1_000);
    }
    // One tenant per batch: each batch comes back short of its size, yet more tenants wait.
    const worker = testMailWorker(db.current, {
      smtpUrl: smtp.current.url,
      clock,
      registry: await loadedRegistry(db.current),
      batchSize: 4,
      tenantsPerBatch: 1,
      lanes: 1,
    });
    expect(await worker.drain()).toEqual({ sent: 3, retried: 0, dead: 0 });
    await worker.stop();
    expect(smtp.current.messages.map((m) => m.envelopeTo[0])).toEqual(
      [0, 1, 2].map((index) => `tenant-${index}@example.test`),
    );
  });

  it('wakes on a committed mail without waiting for its poll', async () => {
    const { worker, outbox } = await setUp(new Date());
    const slow = testMailWorker(db.current, {
      smtpUrl: smtp.current.url,
      clock: controllableClock(new Date(Date.now() + 1_000)),
      registry: await loadedRegistry(db.current),
      pollEveryMs: 3_600_000,
    });
    await worker.stop();
    await slow.start();
    await queueMailCheck(db.current.app, outbox, tenant.id);
    await smtp.current.waitFor(1, 10_000);
    await slow.stop();
    expect((await outboxRows(db.current))[0]!.status).toBe('sent');
  });

  it('keeps a mail through an SMTP outage, retrying with growing delays, and sends it when the server is back', async () => {
    const { worker, outbox, clock } = await setUp();
    await smtp.current.stop();
    await queueMailCheck(db.current.app, outbox, tenant.id);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      expect(await worker.drain()).toMatchObject({ sent: 0, retried: 1 });
      const [row] = await outboxRows(db.current);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt, locked_by: null });
      expect(row!.sealed_params).not.toBeNull();
      expect(row!.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
      waits.push(row!.next_attempt_at.getTime() - clock.now().getTime());
      // Not due yet: nothing is tried before its time.
      expect(await worker.drain()).toEqual({ sent: 0, retried: 0, dead: 0 });
      clock.set(row!.next_attempt_at);
    }
    for (let i = 1; i < waits.length; i += 1) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits.at(-1)!).toBeGreaterThan(4 * waits[0]!);

    await smtp.current.start();
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    await worker.stop();
    expect(smtp.current.messages).toHaveLength(1);
  });

  it('dead-letters a mail it could not send for a day, with the last error, and erases it', async () => {
    const { worker, outbox, clock } = await setUp();
    await smtp.current.stop();
    await queueMailCheck(db.current.app, outbox, tenant.id);
    await worker.drain();
    clock.advance(RETRY_FOR_MS - 60_000);
    expect(await worker.drain()).toMatchObject({ retried: 1 });
    clock.advance(2 * 3_600_000);
    expect(await worker.drain()).toMatchObject({ dead: 1 });
    await worker.stop();
    const [row] = await outboxRows(db.current);
    expect(row).toMatchObject({ status: 'dead', sealed_params: null, attempts: 3 });
    // The last error as the mailer said it: the stopped sink's port refuses, or, taken meanwhile
    // by another test file's server that speaks no SMTP, never greets (ETIMEDOUT).
    expect(row!.last_error).toMatch(/^gave up after 3 attempts: .*(ECONNREFUSED|ECONNECTION|ETIMEDOUT)/);
  });

  it('dead-letters a recipient the server refuses with 5xx at once, and still sends the others', async () => {
    const { worker, outbox } = await setUp();
    smtp.current.refuse.add('gone@example.test');
    await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'gone@example.test' });
    await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'here@example.test' });
    expect(await worker.drain()).toEqual({ sent: 1, retried: 0, dead: 1 });
    await worker.stop();
    const rows = await outboxRows(db.current);
    const refused = rows.find((row) => row.status === 'dead')!;
    expect(refused).toMatchObject({ attempts: 1, sealed_params: null });
    expect(refused.last_error).toMatch(/550/);
    expect(smtp.current.messages.map((m) => m.envelopeTo)).toEqual([['here@example.test']]);
  });

  it('does not open content copied onto another mail: that mail is dead-lettered, nothing is sent', async () => {
    const { worker, outbox } = await setUp();
    const original = await queueMailCheck(db.current.app, outbox, tenant.id, { params: { note: 'live-link-1' } });
    const other = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'thief@example.test' });
    const [{ sealed_params: stolen }] = await db.current
      .worker('mail_outbox')
      .where({ id: original.id })
      .select('sealed_params');
    await db.current.worker('mail_outbox').where({ id: other.id }).update({ sealed_params: stolen });
    await db.current.worker('mail_outbox').where({ id: original.id }).update({ status: 'sent', sealed_params: null });
    expect(await worker.drain()).toEqual({ sent: 0, retried: 0, dead: 1 });
    await worker.stop();
    expect(smtp.current.messages).toEqual([]);
    const [row] = (await outboxRows(db.current)).filter((r) => r.id === other.id);
    expect(row!.last_error).toMatch(/failed authentication/);
  });

  it('keeps a mail sealed under a key this worker lacks, for a worker that has it', async () => {
    const { outbox, clock, registry } = await setUp();
    await queueMailCheck(db.current.app, outbox, tenant.id);
    const withoutTheKey = testMailWorker(db.current, {
      smtpUrl: smtp.current.url,
      clock,
      registry,
      sealedBox: createSealedBox(randomBytes(32)),
    });
    expect(await withoutTheKey.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    await withoutTheKey.stop();
    const [row] = await outboxRows(db.current);
    expect(row).toMatchObject({ status: 'queued' });
    expect(row!.sealed_params).not.toBeNull();
    clock.set(row!.next_attempt_at);
    const withTheKey = testMailWorker(db.current, { smtpUrl: smtp.current.url, clock, registry });
    expect(await withTheKey.drain()).toMatchObject({ sent: 1 });
    await withTheKey.stop();
  });

  it('never lets a line break from any field reach a header', async () => {
    const evil = await createTenant(db.current.owner, { name: 'Evil Centre\r\nBcc: spy@example.test' });
    const { worker, outbox } = await setUp();
    await queueMailCheck(db.current.app, outbox, evil.id, {
      params: { note: 'hello\u2028Bcc: spy2@example.test\u0085X-Injected: yes' },
    });
    await worker.drain();
    await worker.stop();
    const [mail] = smtp.current.messages;
    const headerBlock = mail!.raw.split(/\r\n\r\n/)[0]!;
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(mail!.envelopeTo).toEqual(['resident@example.test']);
    expect(mail!.parsed.headers.map((h) => h.key)).not.toContain('bcc');
    expect(mail!.parsed.subject).not.toMatch(/[\r\n\u2028\u0085]/);
    expect(mail!.parsed.from?.name).toBe('Evil Centre Bcc: spy@example.test');
  });
});
