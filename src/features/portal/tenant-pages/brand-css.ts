// The tenant's colours as CSS custom properties, served as a stylesheet so pages need no
// inline style (the CSP forbids it). Colours were validated as #rrggbb with AA contrast.
import { Router } from 'express';
import type { Branding } from '../../../platform/tenancy/tenant.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';

export function brandStylesheet(branding: Branding): string {
  return `:root{--brand:${branding.primaryColour};--brand-accent:${branding.accentColour};}\n`;
}

/**
 * /{slug}/brand.css, mounted before the session middleware: it is the same for everyone and
 * cached publicly, so it must never carry (or refresh) a session cookie.
 */
export function brandStylesheetRouter(): Router {
  const router = Router();
  router.get('/brand.css', (_req, res) => {
    res.type('text/css');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(brandStylesheet(tenantOf(res).branding));
  });
  return router;
}
