// The secret in a single-use link (a client's activation or reset, a staff invitation): 256
// random bits from the CSPRNG, given out once and kept only as its SHA-256. A high-entropy
// secret needs no slow hash, and a database dump holds no live link.
import { createHash, randomBytes } from 'node:crypto';

/** What newLinkToken makes: base64url of 32 bytes. Anything else is not looked up at all. */
const LINK_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up instead of the token. */
export function linkTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether the text can be a token at all: a link's mangled query string is "unknown" at once. */
export function isLinkToken(text: string): boolean {
  return LINK_TOKEN_FORMAT.test(text);
}
