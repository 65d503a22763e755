// res.locals.ctx: what every handler and view may know about the request — tenant, language,
// formatters, display preferences, request id — built once per request.
import type { Request, RequestHandler, Response } from 'express';
import type { i18n } from 'i18next';
import type { Tenant } from '../tenancy/tenant.ts';
import { formatters, type Formatters } from '../i18n/format.ts';
import { listTranslator, translator, type Translate, type TranslateList } from '../i18n/i18n.ts';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from '../i18n/locales.ts';
import { negotiateLocale } from '../i18n/negotiate.ts';
import { readPreferences, type DisplayPreferences } from './preferences.ts';
import type { TenantLocals } from '../tenancy/resolve-tenant.ts';
import type { Csrf } from './csrf.ts';
import type { SessionKind, SignedInUser } from '../sessions/session-data.ts';

export const PORTAL_TIME_ZONE = 'Europe/Warsaw';

export interface RequestContext {
  requestId: string;
  tenant: Tenant | undefined;
  locale: Locale;
  t: Translate;
  /** A translated list (the items of a bulleted list), one text per item. */
  list: TranslateList;
  fmt: Formatters;
  display: DisplayPreferences;
  /** A path inside the current tenant (or the portal when there is none). */
  url(path: string): string;
  /**
   * The current page with one query parameter changed, for the language and display switches:
   * a query-only relative link, so a hostile path ("//other.example/") never becomes its target.
   */
  withQuery(name: string, value: string): string;
  /** True on a tenant's own domain, where "/" is the tenant's home and the portal directory is elsewhere. */
  onCustomDomain: boolean;
  locales: readonly Locale[];
  /** The signed-in user of this tenant's session, if any. */
  user: SignedInUser | undefined;
  /** Whose side of the tenant the page is on: the clients' pages, or the staff's under /admin. */
  area: SessionKind;
  /** A CSRF token for a form on this page. */
  csrfToken(): string;
  /**
   * A layout fragment (header, footer) rendered once per tenant, language and display mode
   * and then reused: they are the same for every visitor, and rendering them was most of a
   * page's cost. Pages with a query string render afresh (their switch links keep it).
   */
  fragment(name: string, render: () => string): string;
}

// Keyed by the tenant object: a registry reload makes new ones, so changed tenants never
// see stale fragments and the old ones are collected.
const PORTAL = {};
const fragments = new WeakMap<object, Map<string, string>>();

function cachedFragment(owner: object, key: string, render: () => string): string {
  let perOwner = fragments.get(owner);
  if (!perOwner) fragments.set(owner, (perOwner = new Map()));
  let html = perOwner.get(key);
  if (html === undefined) perOwner.set(key, (html = render()));
  return html;
}

declare module 'express-serve-static-core' {
  interface Locals {
    ctx: RequestContext;
  }
}

export interface ContextOptions {
  i18n: i18n;
  secureCookies: boolean;
  csrf: Csrf;
  /** The side of the tenant the context is built for (the session kind it runs under); the clients' by default. */
  area?: SessionKind;
}

/** Most pages have no query string; they share this one, which is only ever read. */
const NO_QUERY: Readonly<URLSearchParams> = new URLSearchParams();

/** Builds res.locals.ctx; called by the routers and, for errors raised before them, by the error handler. */
export function buildContext(
  req: Request,
  res: Response,
  { i18n, secureCookies, csrf, area = 'client' }: ContextOptions,
): RequestContext {
  const { tenant, base } = res.locals as unknown as TenantLocals;
  const { requestedLocale, cookieLocale, display } = readPreferences(req, res, secureCookies);
  const locale = negotiateLocale({
    query: requestedLocale,
    cookie: cookieLocale,
    acceptLanguage: req.get('accept-language'),
    tenantDefault: tenant?.defaultLocale ?? DEFAULT_LOCALE,
  });
  const queryAt = req.originalUrl.indexOf('?');
  const query = queryAt < 0 ? NO_QUERY : new URLSearchParams(req.originalUrl.slice(queryAt + 1));
  res.locals.ctx = {
    requestId: String(req.id ?? ''),
    tenant,
    locale,
    t: translator(i18n, locale),
    list: listTranslator(i18n, locale),
    fmt: cachedFormatters(locale, tenant?.timeZone ?? PORTAL_TIME_ZONE),
    display,
    url: (path) => `${base ?? ''}${path}`,
    withQuery: (name, value) => {
      // Most pages have no query string: skip building one per switch link.
      if (query.size === 0) return `?${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
      const next = new URLSearchParams(query);
      next.set(name, value);
      return `?${next.toString()}`;
    },
    onCustomDomain: tenant !== undefined && !base,
    locales: SUPPORTED_LOCALES,
    user: req.session?.auth,
    area,
    csrfToken: () => csrf.tokenFor(req, res),
    fragment: (name, render) =>
      query.size > 0
        ? render()
        : cachedFragment(
            tenant ?? PORTAL,
            `${name}|${locale}|${display.textSize}|${display.contrast}|${base ?? ''}`,
            render,
          ),
  };
  res.setHeader('Content-Language', locale);
  // The language and display come from these headers, so a shared cache must key on them.
  // (Set at once when nothing set Vary before, as on nearly every page: vary() parses and
  // merges the header on each call.)
  if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Accept-Language, Cookie');
  else res.vary('Accept-Language').vary('Cookie');
  return res.locals.ctx;
}

export function requestContext(options: ContextOptions): RequestHandler {
  return (req, res, next) => {
    buildContext(req, res, options);
    next();
  };
}

// Intl formatters are costly to construct and safe to share: one set per language and zone.
const formatterCache = new Map<string, Formatters>();
function cachedFormatters(locale: Locale, timeZone: string): Formatters {
  const key = `${locale} ${timeZone}`;
  let cached = formatterCache.get(key);
  if (!cached) formatterCache.set(key, (cached = formatters(locale, timeZone)));
  return cached;
}
