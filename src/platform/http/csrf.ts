// CSRF on every state-changing request: csrf-csrf's signed double-submit token, so a visitor
// who only opens a form gets a cookie, not a session row. Every token is bound to its tenant
// (or the portal), and a signed-in one to the session id too. Each tenant has its own CSRF
// cookie, like its own session cookie, so a page open at one tenant keeps working while another
// tenant's pages load in other tabs. A form with a file (multipart) carries its token as a field
// before the file: the token is read and checked before any of the file is (uploads/).
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Tenant } from '../tenancy/tenant.ts';
import { discardRestOf, fieldsBeforeFile, isMultipart } from '../uploads/receive-upload.ts';
import { HttpError } from './errors.ts';

export const CSRF_FIELD = '_csrf';

/** Methods that change nothing, so need no token: csrf-csrf's own default list. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Csrf {
  /** Rejects POST/PUT/PATCH/DELETE without a valid token with a 403, before any handler runs. */
  protect: RequestHandler;
  /** The token for a form on this page (sets the cookie if the visitor has none yet). */
  tokenFor: (req: Request, res: Response) => string;
}

export function csrfCookieName(tenant: Pick<Tenant, 'slug'> | undefined, secure: boolean): string {
  return `${secure ? '__Host-' : ''}okienko.csrf${tenant ? `.${tenant.slug}` : ''}`;
}

/**
 * How many (binding, token) pairs found valid are remembered. Each is a short string; when the
 * set is full it starts over, so a flood of distinct tokens costs memory once and HMACs after.
 */
const REMEMBERED_VALID_TOKENS = 10_000;

/** The session a signed-in token is bound to; '' for a visitor without one. */
const sessionOf = (req: Request): string => (req.session?.auth ? req.sessionID : '');

/** One tenant's (or the portal's) cookie and what its tokens are bound to. */
interface Scope {
  cookieName: string;
  bindingOf: (req: Request) => string;
  utilities: DoubleCsrfUtilities;
}

export function createCsrf({ secret, secure }: { secret: string; secure: boolean }): Csrf {
  const tokensIssued = new WeakMap<Response, string>();
  // Every signed-in page has a form (sign-out), so re-validating the browser's token by its HMAC
  // was an HMAC per page view (a measurable share of a signed-in page's CPU: bench/README.md). The check is a
  // pure function of the binding and the token under this process's secret, so its positive
  // answers are remembered; only a token that passed the HMAC check ever gets in.
  const validTokens = new Set<string>();
  const rememberValid = (binding: string, token: string): void => {
    if (validTokens.size >= REMEMBERED_VALID_TOKENS) validTokens.clear();
    validTokens.add(`${binding}\n${token}`);
  };
  const makeScope = (tenant: Tenant | undefined): Scope => {
    const cookieName = csrfCookieName(tenant, secure);
    // The tenant's id is in every token's binding: an anonymous visitor's token and cookie from
    // one tenant, replanted under another tenant's cookie name, fail the HMAC there.
    const tenantPart = `${tenant?.id ?? 'portal'}\n`;
    const bindingOf = (req: Request): string => tenantPart + sessionOf(req);
    const utilities = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: bindingOf,
      cookieName,
      cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => {
        const value = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
        return typeof value === 'string' ? value : undefined;
      },
    });
    return { cookieName, bindingOf, utilities };
  };
  // Per tenant object (a registry reload makes new ones, and with them new scopes).
  const perTenant = new WeakMap<Tenant, Scope>();
  let portal: Scope | undefined;
  const scopeOf = (res: Response): Scope => {
    const tenant = (res.locals as { tenant?: Tenant }).tenant;
    if (!tenant) return (portal ??= makeScope(undefined));
    let scope = perTenant.get(tenant);
    if (!scope) perTenant.set(tenant, (scope = makeScope(tenant)));
    return scope;
  };

  return {
    protect: (req, res, next) => {
      // Safe methods need no token (csrf-csrf's own default list). The others are checked with
      // validateRequest, not csrf-csrf's middleware: that stores a new function on every request
      // (req.csrfToken, unused here), and a function stored on the request made V8 move the
      // request's objects to the old generation (bench/README.md has the measurements), which
      // then only a full collection frees. Tenant pages still pay it once, for
      // express-session's res.end wrapper.
      if (SAFE_METHODS.has(req.method)) return next();
      const check = () =>
        next(scopeOf(res).utilities.validateRequest(req) ? undefined : new HttpError(403, 'invalid CSRF token'));
      if (!isMultipart(req)) return check();
      // The fields before the file are the form's body; the file is left for the route to read,
      // and what it leaves unread is thrown away once the answer is sent.
      res.once('finish', () => discardRestOf(req));
      fieldsBeforeFile(req).then((fields) => {
        req.body = fields;
        check();
      }, next);
    },
    tokenFor: (req, res) => {
      // One token per response: a page with two forms must not mint two tokens when the
      // binding changed (the second would replace the cookie the first form's token matches).
      const issued = tokensIssued.get(res);
      if (issued !== undefined) return issued;
      const cookies = req.cookies as Record<string, string> | undefined;
      const { cookieName, bindingOf, utilities } = scopeOf(res);
      const held = cookies?.[cookieName];
      if (held !== undefined && validTokens.has(`${bindingOf(req)}\n${held}`)) {
        tokensIssued.set(res, held);
        return held;
      }
      const { generateCsrfToken } = utilities;
      // csrf-csrf sets the cookie again even when it reuses the token the browser sent. The
      // browser holds that very cookie already, so only a new token is sent: on every signed-in
      // page (each has a form) that is ~200 bytes and a cookie serialisation fewer.
      const newCookiesOnly = {
        cookie: (name: string, value: string, options: CookieOptions) =>
          cookies?.[name] === value ? res : res.cookie(name, value, options),
      } as unknown as Response;
      let token: string;
      try {
        // Reuse the visitor's token while it is valid, so forms open in other tabs keep working.
        token = generateCsrfToken(req, newCookiesOnly, { overwrite: false, validateOnReuse: true });
        // Reused (not minted) only when the browser's token passed the HMAC check just now.
        if (token === held) rememberValid(bindingOf(req), token);
      } catch {
        // Its binding changed (signed in or out since): issue a fresh one.
        token = generateCsrfToken(req, res, { overwrite: true });
      }
      tokensIssued.set(res, token);
      return token;
    },
  };
}
