// A record named in a path (a client, an account, a mail, a desk): a UUID, in lower case as the
// database writes it, or a 404 (never a query that fails on what is not a UUID).
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError } from './errors.ts';

export function idParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, 'not an id');
  return parsed.data.toLowerCase();
}

/** In a chain before a form's check: a path with no record's id is a 404, whatever was posted. */
export const idInPath: RequestHandler = (req, _res, next) => {
  idParam(req);
  next();
};
