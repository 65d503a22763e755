// The operator's mail commands: a test message end to end, retrying after an outage, and
// re-encrypting sealed content under a new DATA_KEY.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { controllableClock, systemClock } from '../../src/lib/clock.ts';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import { MailOutbox, sealContext } from '../../src/platform/mail/outbox.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { loadedRegistry, outboxRows, queueMailCheck, testMailWorker } from '../support/mail.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { cliEnv, okienko } from './cli-harness.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import { nationalIdContext } from '../../src/features/accounts/registration/registration.service.ts';
import { createClient } from '../support/clients.ts';

const db = useTestDatabase();
const smtp = useSmtpSink();
let tenant: CreatedTenant;

beforeEach(async () => {
  await db.current.owner.raw('TRUNCATE mail_outbox');
  tenant = await createTenant(db.current.owner, { defaultLocale: 'cs' });
});

const keyOf = (env: NodeJS.ProcessEnv) => Buffer.from(env.DATA_KEY!, 'base64');

describe('mail:test', () => {
  it("queues a test message in the tenant's language that a worker delivers", async () => {
    const env = cliEnv(db.current);
    const run = await okienko(
      ['mail:test', '--tenant', tenant.input.slug, '--to', 'ops@example.test', '--note', 'new relay'],
      env,
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const worker = testMailWorker(db.current, {
      smtpUrl: smtp.current.url,
      clock: controllableClock(new Date(Date.now() + 1_000)),
      registry: await loadedRegistry(db.current),
      sealedBox: createSealedBox(keyOf(env)),
    });
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    await worker.stop();
    expect(smtp.current.messages[0]!.parsed.subject).toBe(`Zkušební zpráva: ${tenant.input.name} new relay`);
  });

  it('refuses a bad address or language and queues nothing', async () => {
    const env = cliEnv(db.current);
    const bad = await okienko(['mail:test', '--tenant', tenant.input.slug, '--to', 'ops@example.test\r\nBcc: x'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--to: not an e-mail address/);
    const language = await okienko(
      ['mail:test', '--tenant', tenant.input.slug, '--to', 'a@example.test', '--locale', 'de'],
      env,
    );
    expect(language.stderr).toMatch(/--locale/);
    const unknown = await okienko(['mail:test', '--tenant', 'no-such-tenant', '--to', 'a@example.test'], env);
    expect(unknown.stderr).toMatch(/no tenant with the slug "no-such-tenant"/);
    expect(await outboxRows(db.current)).toEqual([]);
  });
});

describe('mail:retry', () => {
  it('makes mails waiting for a retry due now and says the dead ones cannot be retried', async () => {
    const outbox = new MailOutbox({ sealedBox: createSealedBox(randomBytes(32)), clock: systemClock });
    const waiting = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'waiting@example.test' });
    const fresh = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'fresh@example.test' });
    const dead = await queueMailCheck(db.current.app, outbox, tenant.id, { to: 'dead@example.test' });
    const inAnHour = new Date(Date.now() + 3_600_000);
    await db.current.worker('mail_outbox').where({ id: waiting.id }).update({ attempts: 3, next_attempt_at: inAnHour });
    await db.current.worker('mail_outbox').where({ id: fresh.id }).update({ next_attempt_at: inAnHour });
    await db.current.worker('mail_outbox').where({ id: dead.id }).update({ status: 'dead', sealed_params: null });

    const run = await okienko(['mail:retry', '--tenant', tenant.input.slug], cliEnv(db.current));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 mails will be sent now.');
    expect(run.stdout).toContain('1 dead mails were not retried');
    const rows = await outboxRows(db.current);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(waiting.id)!.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());
    // A mail that never failed keeps its schedule; a dead one stays dead.
    expect(byId.get(fresh.id)!.next_attempt_at).toEqual(inAnHour);
    expect(byId.get(dead.id)!.status).toBe('dead');
  });
});

describe('data-key:rotate', () => {
  it('re-seals what the old key sealed under the new one, and a second run changes nothing', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const outbox = new MailOutbox({ sealedBox: createSealedBox(oldKey), clock: systemClock });
    const queued = await Promise.all(
      [0, 1, 2].map((i) =>
        queueMailCheck(db.current.app, outbox, tenant.id, { to: `r${i}@example.test`, params: { note: `n${i}` } }),
      ),
    );
    const env = {
      ...cliEnv(db.current),
      DATA_KEY: newKey.toString('base64'),
      DATA_KEY_PREVIOUS: oldKey.toString('base64'),
    };
    const run = await okienko(['data-key:rotate'], env);
    expect(run).toMatchObject({ code: 0, stdout: 'Re-encrypted 3 values under the current DATA_KEY.\n' });

    const onlyNewKey = createSealedBox(newKey);
    for (const row of await outboxRows(db.current)) {
      const index = queued.findIndex((q) => q.id === row.id);
      expect(JSON.parse(onlyNewKey.open(row.sealed_params!, sealContext(row)))).toEqual({ note: `n${index}` });
    }
    expect((await okienko(['data-key:rotate'], env)).stdout).toContain('Re-encrypted 0 values');
  });

  it('re-seals a PESEL and recomputes its blind index, so it is still found under the new key', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const pesel = '44051401359';
    const id = crypto.randomUUID();
    const before = createNationalIdProtector({ dataKey: oldKey });
    await createClient(db.current.app, tenant.id, {
      id,
      national_id_sealed: before.seal(pesel, nationalIdContext(tenant.id, id)),
      national_id_index: before.blindIndex(tenant.id, pesel),
    });
    const env = {
      ...cliEnv(db.current),
      DATA_KEY: newKey.toString('base64'),
      DATA_KEY_PREVIOUS: oldKey.toString('base64'),
    };
    expect((await okienko(['data-key:rotate'], env)).stdout).toContain('Re-encrypted 1 values');
    const after = createNationalIdProtector({ dataKey: newKey });
    const row = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('clients')
        .where({ national_id_index: after.blindIndex(tenant.id, pesel) })
        .first(),
    );
    expect(row?.id).toBe(id);
    expect(after.open(row.national_id_sealed, nationalIdContext(tenant.id, id))).toBe(pesel);
  });

  it('fails, naming the value, when something opens under neither key, and keeps it', async () => {
    const stranger = new MailOutbox({ sealedBox: createSealedBox(randomBytes(32)), clock: systemClock });
    const lost = await queueMailCheck(db.current.app, stranger, tenant.id);
    const before = await outboxRows(db.current);
    const run = await okienko(['data-key:rotate'], cliEnv(db.current));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`mail_outbox.sealed_params ${lost.id}`);
    expect(await outboxRows(db.current)).toEqual(before);
  });
});
