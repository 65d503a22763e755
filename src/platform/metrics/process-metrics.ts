// The metrics both processes serve: their pools, the outbox depth, and the listener on
// METRICS_PORT (when set), stopped with the rest of the process.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Databases } from '../db/database.ts';
import type { Lifecycle } from '../process/lifecycle.ts';
import { watchOutbox, watchPool } from './database-metrics.ts';
import { startMetricsServer } from './metrics-server.ts';

export async function serveProcessMetrics({
  config,
  databases,
  logger,
  lifecycle,
}: {
  config: Pick<Config, 'metricsPort' | 'metricsHost'>;
  databases: Pick<Databases, 'app' | 'worker'>;
  logger: Logger;
  lifecycle: Lifecycle;
}): Promise<void> {
  watchPool('app', databases.app);
  watchPool('worker', databases.worker);
  watchOutbox(databases.worker);
  if (config.metricsPort === undefined) return;
  const metrics = await startMetricsServer({ port: config.metricsPort, host: config.metricsHost, logger });
  lifecycle.add('metrics listener', metrics.stop);
}
