// The outbox and its worker as the portal builds them, pointed at a test database, a
// controllable clock and a real SMTP sink.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { createSealedBox } from '../../src/platform/crypto/sealed-box.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { MailWorker, type MailWorkerOptions } from '../../src/platform/mail/mail-worker.ts';
import { MailOutbox, sealContext, type MailToQueue, type QueueOutcome } from '../../src/platform/mail/outbox.ts';
import { createMailRenderer } from '../../src/platform/mail/render.ts';
import { createSmtpTransport } from '../../src/platform/mail/transport.ts';
import type { TestDatabase } from './database.ts';
import { MAIL_CHECK } from '../../src/platform/mail/templates.ts';
import { MAILS, TENANT_SETTINGS } from '../../src/features/index.ts';

export const TEST_DATA_KEY = randomBytes(32);
export const TEST_PUBLIC_URL = 'https://portal.example.test';
const i18n = createI18n();

export function testOutbox(clock: Clock): MailOutbox {
  return new MailOutbox({ sealedBox: createSealedBox(TEST_DATA_KEY), clock });
}

/** Queues a mail-check mail in a transaction of its own. */
export function queueMailCheck(
  app: Knex,
  outbox: MailOutbox,
  tenantId: TenantId,
  mail: Partial<MailToQueue<typeof MAIL_CHECK.params>> = {},
): Promise<QueueOutcome> {
  return withTenant(app, tenantId, (trx) =>
    outbox.enqueue(trx, {
      template: MAIL_CHECK,
      to: 'resident@example.test',
      locale: 'pl',
      params: {},
      idempotencyKey: `check:${randomBytes(8).toString('hex')}`,
      ...mail,
    }),
  );
}

export async function loadedRegistry(db: TestDatabase): Promise<TenantRegistry> {
  const registry = new TenantRegistry(db.app, createLogger('silent'), TENANT_SETTINGS);
  await registry.reload();
  return registry;
}

export function testMailWorker(
  db: Pick<TestDatabase, 'worker' | 'urls'>,
  {
    smtpUrl,
    clock,
    registry,
    ...overrides
  }: { smtpUrl: string; clock: Clock; registry: TenantRegistry } & Partial<MailWorkerOptions>,
): MailWorker {
  return new MailWorker({
    db: db.worker,
    listenUrl: db.urls.workerUrl,
    registry,
    render: createMailRenderer({ i18n, publicUrl: TEST_PUBLIC_URL, cache: true }),
    mails: MAILS,
    transport: createSmtpTransport(smtpUrl),
    sealedBox: createSealedBox(TEST_DATA_KEY),
    clock,
    logger: createLogger('silent'),
    mailFrom: 'no-reply@portal.example.test',
    messageIdDomain: 'portal.example.test',
    ...overrides,
  });
}

/**
 * Sends everything queued into the SMTP sink at `smtpUrl`, as the worker would, and stops; the
 * links in the mail lead to `publicUrl` (a browser test's app, so that they can be followed).
 */
export async function deliverQueuedMail(
  db: TestDatabase,
  { smtpUrl, clock, publicUrl = TEST_PUBLIC_URL }: { smtpUrl: string; clock: Clock; publicUrl?: string },
): Promise<void> {
  const render = createMailRenderer({ i18n, publicUrl, cache: true });
  const worker = testMailWorker(db, { smtpUrl, clock, registry: await loadedRegistry(db), render });
  try {
    await worker.drain();
  } finally {
    await worker.stop();
  }
}

export interface OutboxRow {
  tenant_id: string;
  id: string;
  recipient: string;
  template: string;
  /** The client or member of staff the mail concerns, if any. */
  user_id: string | null;
  status: string;
  attempts: number;
  sealed_params: Buffer | null;
  next_attempt_at: Date;
  last_error: string | null;
  locked_by: string | null;
}

/** Every outbox row, through the worker role (which sees all tenants). */
export function outboxRows(db: TestDatabase): Promise<OutboxRow[]> {
  return db.worker('mail_outbox').orderBy('created_at').select('*');
}

/** The parameters a queued mail was sealed with (the worker opens them the same way). */
export function sealedParamsOf(row: OutboxRow): Record<string, unknown> {
  return JSON.parse(createSealedBox(TEST_DATA_KEY).open(row.sealed_params!, sealContext(row))) as Record<
    string,
    unknown
  >;
}
