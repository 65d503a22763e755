// Guards for pages behind a session. A visitor who is not signed in (or whose session ended)
// is sent to the sign-in page, which brings them back to the page they asked for.
import type { RequestHandler } from 'express';

export const requireUser: RequestHandler = (req, res, next) => {
  if (req.session?.auth) return next();
  const { ctx } = res.locals;
  // Only a page can be returned to; after a form, the sign-in leads to the dashboard.
  const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.path)}` : '';
  res.redirect(303, ctx.url(`/sign-in${back}`));
};

/**
 * With a start password, changing it is the only thing a client may do (source 002: the first
 * sign-in asks for a change): every other page and form of the tenant leads to the change.
 */
export const requirePasswordChange: RequestHandler = (req, res, next) => {
  if (!req.session?.auth?.mustChangePassword) return next();
  if (req.path === '/account/password' || (req.path === '/sign-out' && req.method === 'POST')) return next();
  res.redirect(303, res.locals.ctx.url('/account/password'));
};
