// The request's cookies, for the whole app, as plain strings and only well-formed ones. Our
// cookies are all plain strings (signed session ids, CSRF tokens, preference words), so a value
// that is not one is forged or broken, and counts as no cookie: cookie-parser alone would turn
// a "j:" value into the JSON it holds (express-session then failed on it with a 500 on every
// tenant page), and keeps broken percent-encoding as typed.
import cookieParser from 'cookie-parser';
import type { RequestHandler } from 'express';

/** What a malformed value decodes to, and is then dropped for; no cookie of ours is empty. */
const MALFORMED = '';

function decode(raw: string): string {
  let value = raw;
  if (raw.includes('%')) {
    try {
      value = decodeURIComponent(raw);
    } catch {
      return MALFORMED;
    }
  }
  // cookie-parser would JSON-parse it; no cookie of ours holds JSON.
  return value.startsWith('j:') ? MALFORMED : value;
}

/**
 * Sets req.cookies. Of a name sent twice the first counts, as for express-session, which reads
 * the header itself and then falls back to req.cookies (so that must hold strings only).
 */
export function readCookies(): RequestHandler {
  const parse = cookieParser(undefined, { decode });
  return (req, res, next) =>
    parse(req, res, () => {
      const cookies = req.cookies as Record<string, string>;
      for (const name in cookies) if (cookies[name] === MALFORMED) delete cookies[name];
      next();
    });
}
