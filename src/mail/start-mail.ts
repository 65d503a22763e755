// Everything the mail worker needs, put together from the configuration: the SMTP transport
// (or, outside production with no SMTP_URL, the local catcher), the renderer and the worker.
import type { BackgroundJobDeps } from '../process/background-jobs.ts';
import { createSealedBox } from '../lib/sealed-box.ts';
import { startDevMailCatcher } from './dev-catcher.ts';
import { MailWorker } from './mail-worker.ts';
import { createMailRenderer } from './render.ts';
import { createSmtpTransport } from './transport.ts';

export async function startMailWorker({ config, db, listenUrl, registry, i18n, clock, logger }: BackgroundJobDeps) {
  if (!config.smtpUrl && config.env === 'production') throw new Error('SMTP_URL is required in production.');
  const catcher = config.smtpUrl ? undefined : await startDevMailCatcher(config.dataDir, logger);
  const worker = new MailWorker({
    db,
    listenUrl,
    registry,
    render: createMailRenderer({ i18n, publicUrl: config.publicUrl, cache: config.env === 'production' }),
    transport: createSmtpTransport(config.smtpUrl ?? catcher!.url),
    sealedBox: createSealedBox(config.dataKey, config.previousDataKeys),
    clock,
    logger,
    mailFrom: config.mailFrom,
    messageIdDomain: new URL(config.publicUrl).hostname,
  });
  await worker.start();
  return {
    name: 'mail worker',
    stop: async () => {
      await worker.stop();
      await catcher?.close();
    },
  };
}
