// The one error handler: every failure becomes a branded page in the tenant's look and the
// visitor's language, with the right status. Stack traces appear only in development.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { buildContext, type ContextOptions } from './context.ts';
import { HttpError, notFound } from './errors.ts';

/** Errors from body parsers and the like carry a 4xx status of their own. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return status === 413 ? 400 : status;
  return 500;
}

const PAGES = new Set([400, 403, 404, 422, 429, 500, 503]);

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

export function errorHandler(options: ContextOptions & { logger: Logger; showStack: boolean }): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    if (status >= 500) options.logger.error({ err: error, requestId: req.id }, 'request failed');
    const ctx = res.locals.ctx ?? buildContext(req, res, options);
    const page = PAGES.has(status) ? status : status >= 500 ? 500 : 400;
    res.status(status);
    res.setHeader('Cache-Control', 'no-store');
    res.render(`errors/error`, {
      ctx,
      title: ctx.t(`errors:${page}.heading`),
      status: page,
      stack: options.showStack && status >= 500 ? String((error as Error)?.stack ?? error) : undefined,
    });
  };
}
