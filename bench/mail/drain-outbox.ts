// The portal's side: a mail worker as production builds it (worker role, sealed content,
// EJS rendering with the tenant's branding, the pooled transport) draining the rows the
// bench queued. Prints {"sent", "ms"}.
import { createDatabase } from '../../src/db/tenant-transaction.ts';
import { TenantRegistry } from '../../src/features/tenants/tenant-registry.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createSealedBox } from '../../src/lib/sealed-box.ts';
import { createLogger } from '../../src/logger.ts';
import { MailWorker } from '../../src/mail/mail-worker.ts';
import { createMailRenderer } from '../../src/mail/render.ts';
import { createSmtpTransport } from '../../src/mail/transport.ts';

const env = process.env as Record<string, string>;
const logger = createLogger('warn');
const db = createDatabase({ url: env.DATABASE_WORKER_URL!, poolMax: 4, applicationName: 'bench mail worker' });
const registry = new TenantRegistry(db, logger);
await registry.reload();
const worker = new MailWorker({
  db,
  listenUrl: env.DATABASE_WORKER_URL!,
  registry,
  render: createMailRenderer({ i18n: createI18n(), publicUrl: 'https://okienko.bench.test', cache: true }),
  transport: createSmtpTransport(env.SMTP_URL!),
  sealedBox: createSealedBox(Buffer.from(env.DATA_KEY!, 'base64')),
  clock: systemClock,
  logger,
  mailFrom: 'no-reply@okienko.bench.test',
  messageIdDomain: 'okienko.bench.test',
});
const started = performance.now();
const result = await worker.drain();
const ms = performance.now() - started;
await worker.stop();
await db.destroy();
process.stdout.write(`${JSON.stringify({ sent: result.sent, ms })}\n`);
