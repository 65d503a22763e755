// Everything the mail worker needs, put together from the configuration: the SMTP transport
// (or, outside production with no SMTP_URL, the local catcher), the renderer and the worker.
import type { Config } from '../../config.ts';
import type { BackgroundJobDeps } from '../jobs/job-deps.ts';
import { createSealedBox } from '../crypto/sealed-box.ts';
import { startDevMailCatcher } from './dev-catcher.ts';
import { MailWorker } from './mail-worker.ts';
import { createMailRenderer } from './render.ts';
import { createSmtpTransport } from './transport.ts';

export interface MailWorkerSetup extends Pick<
  BackgroundJobDeps,
  'db' | 'listenUrl' | 'registry' | 'i18n' | 'clock' | 'logger' | 'mails'
> {
  config: Pick<Config, 'publicUrl' | 'mailFrom' | 'dataKey' | 'previousDataKeys'> & { cacheTemplates: boolean };
  smtpUrl: string;
}

/** A mail worker as production builds it; also what the bench and the tests' child processes run. */
export function buildMailWorker({
  config,
  smtpUrl,
  db,
  listenUrl,
  registry,
  i18n,
  clock,
  logger,
  mails,
}: MailWorkerSetup) {
  return new MailWorker({
    db,
    listenUrl,
    registry,
    mails,
    render: createMailRenderer({ i18n, publicUrl: config.publicUrl, cache: config.cacheTemplates }),
    transport: createSmtpTransport(smtpUrl),
    sealedBox: createSealedBox(config.dataKey, config.previousDataKeys),
    clock,
    logger,
    mailFrom: config.mailFrom,
    messageIdDomain: new URL(config.publicUrl).hostname,
  });
}

export async function startMailWorker({ config, purges: _purges, ...deps }: BackgroundJobDeps) {
  if (!config.smtpUrl && config.env === 'production') throw new Error('SMTP_URL is required in production.');
  const catcher = config.smtpUrl ? undefined : await startDevMailCatcher(config.dataDir, deps.logger);
  const worker = buildMailWorker({
    ...deps,
    config: { ...config, cacheTemplates: config.env === 'production' },
    smtpUrl: config.smtpUrl ?? catcher!.url,
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
