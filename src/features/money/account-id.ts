// An account named in a path: a UUID in lower case, as the database writes it, or a 404
// (never a query that fails on what is not a UUID).
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.ts';

export function accountIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new HttpError(404, 'not an id');
  return parsed.data.toLowerCase();
}
