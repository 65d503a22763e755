// A request id on every request (X-Request-Id, quoted on error pages), its latency in the
// metrics, and one log line per response when the level allows it. Only the path is logged:
// query strings can carry tokens. One clock reading and one 'finish' listener serve both the
// log line and the metrics, so the hot path pays for them once.
// (pino-http serialised every request into a child logger even when nothing was logged.)
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { observeRequest } from '../metrics/http-metrics.ts';

declare module 'node:http' {
  interface IncomingMessage {
    id?: string;
  }
}

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const path = req.path;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      observeRequest(req, res, seconds);
      if (QUIET_PATHS.has(path)) return;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({ requestId: id, method: req.method, path, status: res.statusCode, ms: seconds * 1e3 }, 'request');
    });
    next();
  };
}
