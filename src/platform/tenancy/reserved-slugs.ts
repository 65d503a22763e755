// Path prefixes the portal itself uses or may use; no tenant may take one as its slug.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'assets',
  'auth',
  'healthz',
  'readyz',
  'metrics',
  'static',
  'public',
  'login',
  'logout',
  'signin',
  'signout',
  'register',
  'account',
  'accounts',
  'staff',
  'www',
  'mail',
  'mailbox',
  'favicon.ico',
  'robots.txt',
  'sitemap.xml',
  'well-known',
  '_dev',
]);

export const SLUG_FORMAT = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function isUsableSlug(slug: string): boolean {
  return SLUG_FORMAT.test(slug) && !RESERVED_SLUGS.has(slug);
}
