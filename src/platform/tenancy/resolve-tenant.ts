// The URL wall: the one place that turns a request into a tenant. A custom domain serves
// its tenant at the root; anywhere else the first path segment is the slug. Nothing else
// in the code reads the slug or the Host header to find a tenant.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { TenantRegistry } from './tenant-registry.ts';
import type { Tenant } from './tenant.ts';
import { notFound } from '../http/errors.ts';
import { SLUG_FORMAT } from './reserved-slugs.ts';

export interface TenantLocals {
  tenant?: Tenant;
  /** Path prefix of the tenant's pages: '/{slug}', or '' on the tenant's own domain. */
  base: string;
}

/**
 * The Host header itself, without port. Not req.hostname: behind a trusted proxy express would
 * take X-Forwarded-Host, which a client can add to pick another tenant (and poison a cache
 * keyed on Host).
 */
function hostOf(req: Request): string {
  const host = req.headers.host ?? '';
  return (host.startsWith('[') ? host : host.replace(/:\d+$/, '')).toLowerCase();
}

/** Runs the tenant router with the slug stripped from req.url, as express does for mounted routers. */
function runInTenant(router: Router, prefix: string, req: Request, res: Response, next: NextFunction): void {
  const originalUrl = req.url;
  req.url = req.url.slice(prefix.length) || '/';
  router(req, res, (error?: unknown) => {
    req.url = originalUrl;
    next(error);
  });
}

export function resolveTenant(registry: TenantRegistry, tenantRouter: Router): RequestHandler {
  return (req, res, next) => {
    const locals = res.locals as unknown as TenantLocals;
    const byHost = registry.findByHost(hostOf(req));
    if (byHost) {
      locals.tenant = byHost;
      locals.base = '';
      runInTenant(tenantRouter, '', req, res, next);
      return;
    }
    locals.base = '';
    const match = /^\/([^/?]+)(\/|\?|$)/.exec(req.url);
    if (!match) return next();
    const segment = match[1]!;
    const tenant = SLUG_FORMAT.test(segment) ? registry.findBySlug(segment) : undefined;
    if (!tenant) return next();
    locals.tenant = tenant;
    locals.base = `/${tenant.slug}`;
    if (match[2] !== '/') {
      // "/slug" and "/slug?x" become "/slug/" so relative paths and the router agree; anything
      // else sent there is a 404 in the tenant's branding.
      if (req.method !== 'GET' && req.method !== 'HEAD') return next(notFound());
      res.redirect(301, `/${tenant.slug}/${req.url.slice(match[0].length - (match[2] === '?' ? 1 : 0))}`);
      return;
    }
    runInTenant(tenantRouter, locals.base, req, res, next);
  };
}

/**
 * The tenant of a request inside the tenant router, where resolveTenant always set it: feature
 * routes read it here rather than from the optional `ctx.tenant`. Outside a tenant router it is
 * a programming error, not a visitor's.
 */
export function tenantOf(res: Response): Tenant {
  const { tenant } = res.locals as unknown as TenantLocals;
  if (!tenant) throw new Error('tenantOf(res) called outside a tenant router');
  return tenant;
}
