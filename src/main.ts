// Start: config -> database (embedded, or the configured URLs) -> migrate (dev) / check
// migrations (prod) -> tenants -> app + housekeeping -> graceful shutdown.
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { openDatabases } from './db/database.ts';
import { TenantRegistry } from './features/tenants/tenant-registry.ts';
import { createI18n } from './i18n/i18n.ts';
import { createLogger } from './logger.ts';
import { systemClock } from './lib/clock.ts';
import { startHousekeeping } from './worker/housekeeping.ts';
import { seedDemoTenants } from '../seeds/demo-tenants.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const databases = await openDatabases(config, logger);
  if (databases.owner && (await databases.owner('tenants').count({ n: '*' }).first())?.n === '0') {
    logger.info('no tenants yet: seeding the demo tenants');
    await seedDemoTenants(databases.owner);
  }
  const registry = new TenantRegistry(databases.app, logger);
  await registry.reload();
  await registry.watch(databases.urls.appUrl!);
  const app = createApp({ config, db: databases.app, registry, i18n: createI18n(), logger, clock: systemClock });

  // Housekeeping runs here too, so `npm start` alone is a complete portal; `npm run worker`
  // runs the same jobs in a process of their own.
  const housekeeping = startHousekeeping({ db: databases.worker, clock: systemClock, logger });

  const server: Server = app.listen(config.port, config.host, () => {
    const lines = [
      `Okienko is running: ${config.publicUrl}/`,
      ...registry.all().map((t) => `  ${t.name}: ${config.publicUrl}/${t.slug}/`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'HTTP server failed');
    process.exitCode = 1;
    void shutdown();
  });

  let stopping = false;
  async function shutdown(): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    // Stop accepting, let in-flight requests finish, then close pools and the embedded server.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await housekeeping.stop();
    await registry.close();
    await databases.close();
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Okienko could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
