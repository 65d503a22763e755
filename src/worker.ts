// npm run worker: the background jobs alone, connected as the worker role, for deployments
// that run web and worker processes separately (the web ones with WORKER_IN_PROCESS=false).
// It needs no SESSION_SECRET in production: it signs nothing.
import { loadWorkerConfig } from './config.ts';
import { openDatabases } from './platform/db/database.ts';
import { TenantRegistry } from './platform/tenancy/tenant-registry.ts';
import { createI18n } from './platform/i18n/i18n.ts';
import { systemClock } from './lib/clock.ts';
import { createLogger } from './platform/logger.ts';
import { serveProcessMetrics } from './platform/metrics/process-metrics.ts';
import { startBackgroundJobs } from './platform/jobs/background-jobs.ts';
import { createLifecycle, failStartup, type Lifecycle } from './platform/process/lifecycle.ts';
import { JOBS, MAILS, PURGES, TENANT_SETTINGS } from './features/index.ts';

let lifecycle: Lifecycle | undefined;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger(config.logLevel);
  lifecycle = createLifecycle({ logger });
  lifecycle.handleSignals();

  const databases = await openDatabases(config, logger);
  lifecycle.add('databases', () => databases.close());
  // Beside `npm start` on its embedded server: when that process stops, so does this one.
  databases.whenServerGone((reason) => void lifecycle?.shutdown(reason, 1));

  await serveProcessMetrics({ config, databases, logger, lifecycle });

  // The jobs' own view of the tenants (names and branding for mail), read as the worker role.
  const registry = new TenantRegistry(databases.worker, logger, TENANT_SETTINGS);
  await registry.reload();
  await registry.watch(databases.urls.workerUrl!);
  lifecycle.add('tenant registry', () => registry.close());

  const jobs = await startBackgroundJobs({
    config,
    db: databases.worker,
    appDb: databases.app,
    listenUrl: databases.urls.workerUrl!,
    registry,
    i18n: createI18n(),
    clock: systemClock,
    logger,
    mails: MAILS,
    purges: PURGES,
    jobs: JOBS,
  });
  lifecycle.add('background jobs', jobs.stop);
  logger.info('worker running');
}

main().catch((error: unknown) => failStartup(error, lifecycle, 'The Okienko worker'));
