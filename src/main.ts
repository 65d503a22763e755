// Start: config -> database (embedded, or the configured URLs) -> migrate (dev) / check
// migrations (prod) -> tenants -> metrics -> background jobs (unless WORKER_IN_PROCESS=false)
// -> app. SIGTERM/SIGINT stop it all in the reverse order (src/platform/process/lifecycle.ts).
import { loadConfig } from './config.ts';
import { configurePasswordHashing } from './platform/crypto/password-hash.ts';
import { warmUpCommonPasswords } from './features/accounts/clients/common-password-checker.ts';
import { createApp } from './app.ts';
import { openDatabases } from './platform/db/database.ts';
import { TenantRegistry } from './platform/tenancy/tenant-registry.ts';
import { createI18n } from './platform/i18n/i18n.ts';
import { createLogger } from './platform/logger.ts';
import { systemClock } from './lib/clock.ts';
import { serveProcessMetrics } from './platform/metrics/process-metrics.ts';
import { startBackgroundJobs } from './platform/jobs/background-jobs.ts';
import { listen } from './platform/process/http-server.ts';
import { startSessionCache } from './platform/sessions/session-cache.ts';
import { startTenantDataCache } from './platform/cache/tenant-data-cache.ts';
import { createLifecycle, failStartup, type Lifecycle } from './platform/process/lifecycle.ts';
import { seedDemo } from '../seeds/demo.ts';
import { JOBS, MAILS, PURGES, TENANT_SETTINGS } from './features/index.ts';

let lifecycle: Lifecycle | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  configurePasswordHashing({
    concurrency: config.passwordHashConcurrency,
    nice: config.passwordHashNice,
    idle: config.passwordHashIdle,
    onLowered: (lowered) => logger.info(lowered, 'hashing threads lowered'),
  });
  // The password-strength dictionaries load in their thread while the rest starts.
  warmUpCommonPasswords();
  lifecycle = createLifecycle({ logger });
  lifecycle.handleSignals();

  const databases = await openDatabases(config, logger);
  lifecycle.add('databases', () => databases.close());
  // Beside another process's embedded server: when that process stops, so does this one.
  databases.whenServerGone((reason) => void lifecycle?.shutdown(reason, 1));
  if (databases.owner && (await databases.owner('tenants').count({ n: '*' }).first())?.n === '0') {
    logger.info('no tenants yet: seeding the demo tenants');
    await seedDemo(databases.owner, { dataKey: config.dataKey });
  }
  const registry = new TenantRegistry(databases.app, logger, TENANT_SETTINGS);
  await registry.reload();
  await registry.watch(databases.urls.appUrl!);
  lifecycle.add('tenant registry', () => registry.close());

  await serveProcessMetrics({ config, databases, logger, lifecycle });

  // In-process by default, so `npm start` alone is a complete portal; with
  // WORKER_IN_PROCESS=false a separate `npm run worker` runs the same jobs.
  const i18n = createI18n();
  if (config.workerInProcess) {
    const jobs = await startBackgroundJobs({
      config,
      db: databases.worker,
      appDb: databases.app,
      listenUrl: databases.urls.workerUrl!,
      registry,
      i18n,
      clock: systemClock,
      logger,
      mails: MAILS,
      purges: PURGES,
      jobs: JOBS,
    });
    lifecycle.add('background jobs', jobs.stop);
  }

  // A web process's sessions in memory, forgotten on PostgreSQL's word (unless SESSION_CACHE=false).
  const sessions = config.sessionCache ? await startSessionCache({ url: databases.urls.appUrl!, logger }) : undefined;
  if (sessions) lifecycle.add('session cache', sessions.close);
  // Its premises overviews in memory, forgotten when the tenant's data changes (unless TENANT_DATA_CACHE=false).
  const data = config.tenantDataCache ? await startTenantDataCache({ url: databases.urls.appUrl!, logger }) : undefined;
  if (data) lifecycle.add('tenant data cache', data.close);

  const app = createApp({
    config,
    db: databases.app,
    registry,
    i18n,
    logger,
    clock: systemClock,
    ...(sessions ? { sessionCache: sessions.cache } : {}),
    ...(data ? { dataCache: data.cache } : {}),
    draining: lifecycle.isStopping,
  });
  const http = await listen(app, config.port, config.host);
  lifecycle.add('HTTP listener', http.stop);
  const lines = [
    `Okienko is running: ${config.publicUrl}/`,
    ...registry.all().map((t) => `  ${t.name}: ${config.publicUrl}/${t.slug}/`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => failStartup(error, lifecycle, 'Okienko'));
