// CSRF on every state-changing request: csrf-csrf's signed double-submit token, so a visitor
// who only opens a form gets a cookie, not a session row. Signed-in tokens are bound to the
// session id, anonymous ones to nothing more than the signed cookie.
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export const CSRF_FIELD = '_csrf';

export interface Csrf {
  /** Rejects POST/PUT/PATCH/DELETE without a valid token with a 403, before any handler runs. */
  protect: RequestHandler;
  /** The token for a form on this page (sets the cookie if the visitor has none yet). */
  tokenFor: (req: Request, res: Parameters<RequestHandler>[1]) => string;
}

export function createCsrf({ secret, secure }: { secret: string; secure: boolean }): Csrf {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    // Only a signed-in session binds the token; an anonymous visitor has no session at all.
    getSessionIdentifier: (req) => (req.session?.auth ? req.sessionID : ''),
    cookieName: secure ? '__Host-okienko-csrf' : 'okienko-csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const value = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof value === 'string' ? value : undefined;
    },
  });
  return {
    protect: (req, res, next) =>
      doubleCsrfProtection(req, res, (error?: unknown) =>
        next(error ? new HttpError(403, 'invalid CSRF token') : undefined),
      ),
    tokenFor: (req, res) => {
      try {
        // Reuse the visitor's token while it is valid, so forms open in other tabs keep working.
        return generateCsrfToken(req, res, { overwrite: false, validateOnReuse: true });
      } catch {
        // Its binding changed (signed in or out since): issue a fresh one.
        return generateCsrfToken(req, res, { overwrite: true });
      }
    },
  };
}
