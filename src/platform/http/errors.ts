// HTTP errors that the one error handler (error-handler.ts) turns into branded pages.
export type HttpStatus = 400 | 403 | 404 | 413 | 422 | 429 | 500 | 503;

export class HttpError extends Error {
  readonly status: HttpStatus;
  /** For a 429: how long until the limit lets the visitor try again. */
  readonly retryAfterMs: number | undefined;

  constructor(status: HttpStatus, message?: string, { retryAfterMs }: { retryAfterMs?: number } = {}) {
    super(message ?? `HTTP ${status}`);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.name = 'HttpError';
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not found');
