// HTTP errors that the one error handler (error-handler.ts) turns into branded pages.
export type HttpStatus = 400 | 403 | 404 | 422 | 429 | 500 | 503;

export class HttpError extends Error {
  readonly status: HttpStatus;

  constructor(status: HttpStatus, message?: string) {
    super(message ?? `HTTP ${status}`);
    this.status = status;
    this.name = 'HttpError';
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not found');
