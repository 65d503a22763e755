// A request id on every request (X-Request-Id, quoted on error pages) and one log line per
// response when the level allows it. Only the path is logged: query strings can carry tokens.
// (pino-http serialised every request into a child logger even when nothing was logged.)
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

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
    if (!QUIET_PATHS.has(path)) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        logger[level]({ requestId: id, method: req.method, path, status: res.statusCode, ms }, 'request');
      });
    }
    next();
  };
}
