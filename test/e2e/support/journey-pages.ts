// The pages of the journeys a person takes through the portal, as one list for the sweep that
// looks at each page in turn (page-sweep.ts: axe-core, and reflow at 320 px): the directory and each demo tenant's public pages, its registration pages
// where it offers registration, signing in and resetting a password, every page of the signed-in
// account and of the modules the tenant offers (again as a client holding something there: a
// card with passes, a city card application), a mail link that no longer works and an address that leads nowhere. Each
// is reached by GET, as a person reaches it from a link, a mail or the address bar.
import type { Cookie, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_TENANTS } from '../../../seeds/demo-tenants.ts';
import type { Locale } from '../../../src/platform/i18n/locales.ts';
import type { Module } from '../../../src/platform/tenancy/tenant.ts';
import { longestClientAt, signInToDashboard } from './accounts.ts';
import { clientCardWithPasses } from './cards.ts';
import { cityCardApplicationReturned } from './city-cards.ts';
import type { BrowserApp } from './harness.ts';

export interface JourneyPage {
  /** A holder's page may name its thing by `:id`, which the holding gives (prepareFor). */
  path: string;
  /** 200, 404 for an address that leads nowhere, 410 for a mail link that no longer works. */
  status: number;
  /** Signs in first, as a new client of this tenant, through the sign-in form. */
  signInAt?: string;
  /** What that client holds (HOLDINGS): a page that shows more once they hold something. */
  holds?: Holding;
}

/**
 * What a client may hold before the page is opened, each written as the portal and the counter
 * would; one whose page is its own resolves with the id that `:id` in the page's path stands for.
 */
const HOLDINGS = {
  /** The Client Card active, with a pass valid (one entry recorded) and a reduced-price one to pay. */
  'an active Client Card with passes': clientCardWithPasses,
  /** A teenager's city card application, complete, submitted and returned with the staff's reasons. */
  'a returned city card application': cityCardApplicationReturned,
} satisfies Record<string, (e2e: BrowserApp, slug: string, clientId: string) => Promise<void | string>>;
type Holding = keyof typeof HOLDINGS;

export interface Display {
  lang: Locale;
  text: string;
  contrast: 'normal' | 'high';
}

const PUBLIC_PATHS = ['/', '/accessibility', '/privacy'];
/** Where the tenant offers registration: its forms, the pages they lead to, and the terms. */
const REGISTRATION_PATHS = [
  '/register',
  '/register/sent',
  '/register/resend',
  '/register/resend/sent',
  '/regulations',
  '/activate/done',
];
const SIGNING_IN_PATHS = ['/sign-in', '/forgot-password', '/forgot-password/sent', '/account/closed'];
/** A link from a mail that is used, expired or mistyped (here: no token at all): 410. */
const MAIL_LINK_PATHS = ['/reset-password', '/account/email/confirm'];
/** The pages of a signed-in client: the dashboard and its settings. */
const SIGNED_IN_PATHS = [
  '/account',
  '/account/password',
  '/account/profile',
  '/account/email',
  '/account/email/sent',
  '/account/security',
  '/account/data',
];

/** The public pages of a module, where the tenant offers it: the status check of an application. */
const MODULE_PUBLIC_PATHS: Partial<Record<Module, string[]>> = {
  city_card: ['/cards/status'],
};
/** The signed-in pages of a module, where the tenant offers it (the demo seeds' card types). */
const MODULE_PATHS: Partial<Record<Module, string[]>> = {
  client_card: ['/cards', '/cards/karta-klienta'],
  city_card: ['/cards', '/cards/karta-miejska', '/cards/karta-miejska/applications/new'],
};
/** The module's pages again, as a client holding something sees them. */
const HOLDER_PATHS: Partial<Record<Module, { path: string; holds: Holding }[]>> = {
  client_card: [{ path: '/cards/karta-klienta', holds: 'an active Client Card with passes' }],
  city_card: [{ path: '/cards/karta-miejska/applications/:id', holds: 'a returned city card application' }],
};

function tenantPages(slug: string, selfRegistration: boolean, modules: readonly Module[] = []): JourneyPage[] {
  const at = (paths: string[], status: number, signInAt?: string): JourneyPage[] =>
    paths.map((path) => ({ path: `/${slug}${path}`, status, ...(signInAt ? { signInAt } : {}) }));
  return [
    ...at(PUBLIC_PATHS, 200),
    ...at(
      modules.flatMap((module) => MODULE_PUBLIC_PATHS[module] ?? []),
      200,
    ),
    ...at(selfRegistration ? REGISTRATION_PATHS : [], 200),
    ...at(SIGNING_IN_PATHS, 200),
    ...at(selfRegistration ? ['/activate', ...MAIL_LINK_PATHS] : MAIL_LINK_PATHS, 410),
    ...at(['/no-such-page'], 404),
    ...at(SIGNED_IN_PATHS, 200, slug),
    ...at(
      modules.flatMap((module) => MODULE_PATHS[module] ?? []),
      200,
      slug,
    ),
    ...modules
      .flatMap((module) => HOLDER_PATHS[module] ?? [])
      .map(({ path, holds }) => ({ path: `/${slug}${path}`, status: 200, signInAt: slug, holds })),
  ];
}

export const JOURNEY_PAGES: JourneyPage[] = [
  { path: '/', status: 200 },
  { path: '/no-such-page', status: 404 },
  ...DEMO_TENANTS.flatMap(({ tenant }) =>
    tenantPages(tenant.slug, tenant.settings?.selfRegistration === true, tenant.modules),
  ),
];

/** How a page is named in a test's title. */
export function pageName({ path, status, signInAt, holds }: JourneyPage): string {
  return `${path}${status === 200 ? '' : ` (${status})`}${signInAt ? ' signed in' : ''}${holds ? ` with ${holds}` : ''}`;
}

/** What a sweep keeps of each client it signed in: their session's cookies, and their holding's `:id`. */
export type SweepSessions = Map<string, { cookies: Cookie[]; id?: string }>;

/**
 * Gets the browser ready for the page: signed out, or signed in as a client of the page's
 * tenant, holding what it names; resolves with the page to show, its `:id` the holding's.
 * The first page of a tenant (and holding) signs a new client in through the form; the pages
 * after it take that client's session cookie from `sessions`, as a person going from page to
 * page carries it.
 */
export async function prepareFor(
  e2e: BrowserApp,
  page: Page,
  journeyPage: JourneyPage,
  lang: Locale,
  sessions: SweepSessions,
): Promise<JourneyPage> {
  const { signInAt, holds } = journeyPage;
  await page.context().clearCookies();
  if (!signInAt) return journeyPage;
  const key = `${signInAt} ${holds ?? ''}`;
  let session = sessions.get(key);
  if (session) {
    await page.context().addCookies(session.cookies);
  } else {
    const client = await longestClientAt(e2e, signInAt, { preferred_locale: lang });
    const id = holds && (await HOLDINGS[holds](e2e, signInAt, client.id));
    await signInToDashboard(page, signInAt, client.email, client.password);
    session = { cookies: await page.context().cookies(), ...(id ? { id } : {}) };
    sessions.set(key, session);
  }
  const { id } = session;
  return id ? { ...journeyPage, path: journeyPage.path.replace(':id', id) } : journeyPage;
}

/**
 * Opens the page in the display asked for (every preference in the query: each one also sets
 * a cookie the next page must not inherit) and checks that it is that page, with its status,
 * language and display; resolves with the URL opened.
 */
export async function showPage(page: Page, { path, status }: JourneyPage, display: Display): Promise<string> {
  const url = `${path}?lang=${display.lang}&text=${display.text}&contrast=${display.contrast}`;
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(status);
  expect(new URL(page.url()).pathname, `${url} is shown, not a redirect`).toBe(path);
  expect(await page.getAttribute('html', 'class'), `${url} shows the display it was asked for`).toBe(
    `text-${display.text}${display.contrast === 'high' ? ' contrast-high' : ''}`,
  );
  expect(await page.getAttribute('html', 'lang'), url).toBe(display.lang);
  return url;
}
