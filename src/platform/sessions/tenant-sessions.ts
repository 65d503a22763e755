// One express-session per tenant (and per kind: client or staff), each with its own cookie
// name and store, so a person can be signed in at two tenants in one browser and a cookie of
// tenant A counts for nothing at tenant B. Visitors who only read pages get no session row:
// saveUninitialized is off and nothing here touches a session that holds nothing.
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { SEEN_AT_RESOLUTION_MS, type SessionKind } from './session-data.ts';
import { TenantSessionStore } from './session-store.ts';
import type { SessionCache } from './session-cache.ts';

export interface SessionOptions {
  db: Knex;
  secret: string | string[];
  secure: boolean;
  clock: Clock;
  /** Signed-in sessions kept in memory (session-cache.ts); without one, every load asks the database. */
  cache?: SessionCache;
}

export function sessionCookieName(tenant: Pick<Tenant, 'slug'>, kind: SessionKind, secure: boolean): string {
  // __Host- cookies must be Secure, Path=/ and have no Domain: no subdomain can plant one.
  // The dots cannot occur in a slug, so no tenant's cookie name can equal another's.
  return `${secure ? '__Host-' : ''}okienko.${kind === 'staff' ? 'staff' : 'session'}.${tenant.slug}`;
}

/** How long a session of this kind lasts at this tenant: its idle and absolute timeouts. */
export function sessionLimits(
  tenant: Pick<Tenant, 'settings'>,
  kind: SessionKind,
): { idleMinutes: number; absoluteHours: number } {
  return kind === 'staff' ? tenant.settings.staffSession : tenant.settings.session;
}

export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

/** The session middleware of each tenant, made on first use. */
export function tenantSessions(kind: SessionKind, options: SessionOptions): RequestHandler {
  const perTenant = new Map<string, RequestHandler>();
  const handlerFor = (tenant: Tenant): RequestHandler => {
    const { absoluteHours } = sessionLimits(tenant, kind);
    const key = `${tenant.id}:${tenant.slug}:${absoluteHours}`;
    let handler = perTenant.get(key);
    if (!handler) {
      handler = session({
        name: sessionCookieName(tenant, kind, options.secure),
        secret: options.secret,
        store: new TenantSessionStore(options.db, tenant.id, options.clock, options.cache),
        resave: false,
        saveUninitialized: false,
        rolling: false,
        unset: 'destroy',
        cookie: { ...sessionCookieOptions(options.secure), maxAge: absoluteHours * 3_600_000 },
      });
      perTenant.set(key, handler);
    }
    return handler;
  };
  // Per tenant object (a registry reload makes new ones): its handler and cookie name, so a
  // request builds neither the key above nor the name.
  const resolved = new WeakMap<Tenant, { handler: RequestHandler; cookieName: string }>();
  return (req, res, next) => {
    const tenant = (res.locals as { tenant?: Tenant }).tenant;
    if (!tenant) return next();
    let entry = resolved.get(tenant);
    if (!entry) {
      entry = { handler: handlerFor(tenant), cookieName: sessionCookieName(tenant, kind, options.secure) };
      resolved.set(tenant, entry);
    }
    // A visitor without this tenant's cookie who only reads has no session to load and none
    // to make: skip express-session (which would mint an id for nothing). A POST may need one.
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const cookies = req.cookies as Record<string, string> | undefined;
    if (reading && !cookies?.[entry.cookieName]) return next();
    entry.handler(req, res, next);
  };
}

/**
 * Server-side timeouts, from timestamps in the session rather than cookie expiry alone: idle
 * (default 30 minutes) and absolute (default 12 hours), per tenant. A live session's idle
 * deadline moves at most once a minute, which is the only write a signed-in page view makes.
 */
export function enforceSessionTimeouts(
  kind: SessionKind,
  { clock, secure }: Pick<SessionOptions, 'clock' | 'secure'>,
): RequestHandler {
  return (req, res, next) => {
    const data = req.session;
    const tenant = (res.locals as { tenant?: Tenant }).tenant;
    if (!data?.createdAt || !tenant) return next();
    const now = clock.now().getTime();
    const { idleMinutes, absoluteHours } = sessionLimits(tenant, kind);
    const idleDeadline = (data.seenAt ?? data.createdAt) + idleMinutes * 60_000;
    const absoluteDeadline = data.createdAt + absoluteHours * 3_600_000;
    // A session of the other kind under this cookie (never issued so) counts as none as well.
    const foreignKind = data.auth !== undefined && data.auth.kind !== kind;
    if (data.tenantId !== tenant.id || foreignKind || now >= idleDeadline || now >= absoluteDeadline) {
      req.session.destroy((error) => {
        if (error) return next(error);
        // No session for the rest of this request (express-session then saves nothing), and
        // the browser is told to forget the dead id.
        delete (req as { session?: unknown }).session;
        res.clearCookie(sessionCookieName(tenant, kind, secure), sessionCookieOptions(secure));
        next();
      });
      return;
    }
    if (now - (data.seenAt ?? 0) >= SEEN_AT_RESOLUTION_MS) {
      data.seenAt = now;
      // Keep the row's expiry (what the worker prunes by) at the nearer of the two deadlines.
      data.cookie.expires = new Date(Math.min(now + idleMinutes * 60_000, absoluteDeadline));
    }
    if (data.auth) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
