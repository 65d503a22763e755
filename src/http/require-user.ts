// Guards for pages behind a session. Until the sign-in page exists, a visitor without a
// session gets the branded 403 page.
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export const requireUser: RequestHandler = (req, _res, next) => {
  next(req.session?.auth ? undefined : new HttpError(403, 'sign-in required'));
};
