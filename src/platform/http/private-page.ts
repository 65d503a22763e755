// Pages that carry personal data or a live token (a link's token in the address): kept out of
// every cache and out of the Referer header of anything the page links to.
import type { RequestHandler } from 'express';

export const privatePage: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};
