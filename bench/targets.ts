// The pages under load, and a look at each before it is measured: a target that answers
// the wrong page (a redirect to sign-in, an error) must not be timed as if it were right.
import type { Target } from './load.ts';

export const TENANT = 'mosir-zielonka';
const OTHER_TENANTS = ['mzk-zielonka', 'sm-sloneczna', 'wm-lipowa', 'mesto-lipnik'];

export const HOME = `/${TENANT}/`;
export const ACCOUNT = `/${TENANT}/account`;
/** The staff dashboard, behind a staff session. */
export const ADMIN = `/${TENANT}/admin/`;

/** What an anonymous visitor reads: every tenant's pages, the directory, a brand stylesheet. */
export const ANONYMOUS_PATHS = [
  '/',
  ...[TENANT, ...OTHER_TENANTS].flatMap((slug) => [`/${slug}/`, `/${slug}/accessibility`, `/${slug}/privacy`]),
  `/${TENANT}/brand.css`,
  `/${TENANT}/?lang=en`,
];

export const NAMES = {
  hello: 'baseline: node:http hello',
  fortunes: 'baseline: Fortunes (Express+pg+EJS)',
  home: `portal ${HOME} (anonymous)`,
  account: `portal ${ACCOUNT} (signed in)`,
  admin: `portal ${ADMIN} (staff)`,
  anonymousMix: `portal, ${ANONYMOUS_PATHS.length} anonymous pages`,
};

export interface Expectation {
  status: number;
  contains?: string[];
  headers?: Record<string, string>;
  /** For a redirect: where it must lead. */
  location?: string;
}

/** One request; throws with what came back when it is not what the page should be. */
export async function expectPage(origin: string, path: string, expected: Expectation): Promise<void> {
  const response = await fetch(`${origin}${path}`, { headers: expected.headers, redirect: 'manual' });
  const body = await response.text();
  const missing = (expected.contains ?? []).filter((text) => !body.includes(text));
  const location = response.headers.get('location');
  const misled = expected.location !== undefined && location !== expected.location;
  if (response.status !== expected.status || missing.length > 0 || misled) {
    throw new Error(
      `GET ${path}: expected ${expected.status}${missing.length ? ` with ${JSON.stringify(missing)}` : ''}, ` +
        `got ${response.status}${location ? ` → ${location}` : ''}: ${body.slice(0, 300).replace(/\s+/g, ' ')}`,
    );
  }
}

export function target(name: string, origin: string, paths: string[], headers?: Target['headers']): Target {
  return { name, origin, paths, headers };
}
