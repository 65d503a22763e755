// HTTP request latency, labelled so the number of series stays bounded: the method, the
// matched route's template (never the path itself, which carries slugs and ids) and the
// status class. The histogram's _count is the request count; a separate counter would be a
// second observation on every request for the same number.
import type { Request, Response } from 'express';
import { RequestHistogram } from './request-histogram.ts';
import type { TenantLocals } from '../tenancy/resolve-tenant.ts';
import { metricsRegistry } from './registry.ts';

export const UNMATCHED_ROUTE = 'unmatched';
const STATIC_ROUTE = '/static';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const httpRequestDuration = new RequestHistogram({
  name: 'okienko_http_request_duration_seconds',
  help: 'HTTP requests by method, route template and status class (_count is the number of requests)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
metricsRegistry.registerMetric(httpRequestDuration as never);

/**
 * The template of the route that answered: express leaves req.route and req.baseUrl on the
 * request once a route has responded. Tenant pages run inside the tenant router with the slug
 * already stripped (resolve-tenant.ts), so they get a fixed ":tenant" prefix, whether the
 * tenant came from the path or from a custom domain.
 */
export function routeTemplate(req: Request, res: Response): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') {
    const inTenant = (res.locals as unknown as TenantLocals).tenant !== undefined;
    return `${inTenant ? '/:tenant' : ''}${req.baseUrl}${path}`;
  }
  // express.static is middleware, not a route; one label for every file it serves.
  return req.originalUrl.startsWith('/static/') ? STATIC_ROUTE : UNMATCHED_ROUTE;
}

/** Called once per response, with the seconds since the request arrived. */
export function observeRequest(req: Request, res: Response, seconds: number): void {
  const method = METHODS.has(req.method) ? req.method : 'other';
  const route = routeTemplate(req, res);
  const status = `${Math.floor(res.statusCode / 100)}xx`;
  httpRequestDuration.observe(`${method} ${status} ${route}`, () => ({ method, route, status }), seconds);
}
