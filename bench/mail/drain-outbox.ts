// The portal's side: a mail worker as production builds it (worker role, sealed content,
// EJS rendering with the tenant's branding, the pooled transport) draining the rows the
// bench queued. Prints {"sent", "ms"}.
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../../src/platform/tenancy/tenant-registry.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { buildMailWorker } from '../../src/platform/mail/start-mail.ts';
import { MAILS, TENANT_SETTINGS } from '../../src/features/index.ts';

const env = process.env as Record<string, string>;
const logger = createLogger('warn');
const db = createDatabase({ url: env.DATABASE_WORKER_URL!, poolMax: 4, applicationName: 'bench mail worker' });
const registry = new TenantRegistry(db, logger, TENANT_SETTINGS);
await registry.reload();
const worker = buildMailWorker({
  config: {
    publicUrl: 'https://okienko.bench.test',
    mailFrom: 'no-reply@okienko.bench.test',
    dataKey: Buffer.from(env.DATA_KEY!, 'base64'),
    previousDataKeys: [],
    cacheTemplates: true,
  },
  smtpUrl: env.SMTP_URL!,
  db,
  listenUrl: env.DATABASE_WORKER_URL!,
  registry,
  i18n: createI18n(),
  clock: systemClock,
  logger,
  mails: MAILS,
});
const started = performance.now();
const result = await worker.drain();
const ms = performance.now() - started;
await worker.stop();
await db.destroy();
process.stdout.write(`${JSON.stringify({ sent: result.sent, ms })}\n`);
