// The one error handler: every failure becomes a branded page in the tenant's look and the
// visitor's language, with the right status. Stack traces appear only in development.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { buildContext, type ContextOptions } from './context.ts';
import { HttpError, notFound } from './errors.ts';
import { tellRetryAfter } from './rate-limit.ts';

/** Errors from body parsers and the like carry a 4xx status of their own. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status === 413 ? 400 : status;
  return 500;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // A database container that is down or gone, as docker's DNS reports it.
  'EAI_AGAIN',
  'ENOTFOUND',
]);

// SQLSTATE: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up
// or shutting down), 53300 too_many_connections; class 08 is "connection exception".
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// pg reports a connection lost mid-query, or a client already broken, by message alone.
const PG_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect/;

function matches(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, name, message, errors, cause } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  // No free pooled connection in time: knex's acquireConnectionTimeout.
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
  // Connecting to a name with several addresses fails with one AggregateError for all of them.
  if (Array.isArray(errors) && errors.some((inner) => matches(inner, depth + 1))) return true;
  return matches(cause, depth + 1);
}

/** Whether a failure means "the database is away" (down, restarting, unreachable, out of connections) rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return matches(error, 0);
}

const PAGES = new Set([400, 403, 404, 413, 422, 429, 500, 503]);

/** Seconds a client should wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 30;

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

export function errorHandler(options: ContextOptions & { logger: Logger; showStack: boolean }): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const ctx = res.locals.ctx ?? buildContext(req, res, options);
    res.setHeader('Cache-Control', 'no-store');
    if (isDatabaseUnavailable(error)) {
      // An outage, not a bug: no stack, even in development, and one short log line per
      // request (they come by the hundred until the database is back).
      const { code, message } = error as { code?: string; message?: string };
      options.logger.warn({ requestId: req.id, code, message }, 'database unavailable');
      res.status(503);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.render('errors/unavailable', { ctx, title: ctx.t('errors:unavailable.heading'), status: 503 });
      return;
    }
    const status = statusOf(error);
    if (status >= 500) options.logger.error({ err: error, requestId: req.id }, 'request failed');
    const page = PAGES.has(status) ? status : status >= 500 ? 500 : 400;
    res.status(status);
    const retryAfterMs = error instanceof HttpError ? error.retryAfterMs : undefined;
    res.render(`errors/error`, {
      ctx,
      title: ctx.t(`errors:${page}.heading`),
      status: page,
      tryAgain: retryAfterMs === undefined ? undefined : tellRetryAfter(res, ctx.t, retryAfterMs),
      stack: options.showStack && status >= 500 ? String((error as Error)?.stack ?? error) : undefined,
    });
  };
}
