// The metrics listener: GET /metrics on a port of its own (METRICS_PORT), never on the
// public port, so the portal's visitors cannot read it and a proxy need not hide it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { collectDefaultMetrics } from 'prom-client';
import { metricsRegistry } from './registry.ts';

let defaultMetricsOn = false;

/** Process metrics (CPU, memory, event loop lag, GC) into the registry, once per process. */
export function enableDefaultMetrics(): void {
  if (defaultMetricsOn) return;
  defaultMetricsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export interface MetricsServer {
  port: number;
  stop(): Promise<void>;
}

export async function startMetricsServer({
  port,
  host,
  logger,
}: {
  port: number;
  host: string;
  logger: Logger;
}): Promise<MetricsServer> {
  enableDefaultMetrics();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics collection failed');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) =>
      reject(new Error(`metrics listener (METRICS_PORT ${port} on ${host}): ${error.message}`));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, 'metrics listening');
  return {
    port: bound,
    // Nothing to drain: a scrape cut short is simply retried by Prometheus.
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
