// The tenant's colours as CSS custom properties, served as a stylesheet so pages need no
// inline style (the CSP forbids it). Colours were validated as #rrggbb with AA contrast.
import { Router } from 'express';
import type { Branding } from '../../../platform/tenancy/tenant.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';

/** Where the stylesheets (public/css) draw a tenant colour against another: text on a background, either way round. */
export interface BrandColourPair {
  colour: 'primaryColour' | 'accentColour';
  /** The colour it meets, #rrggbb. */
  against: string;
  /** Where a person sees the pair, for the message that refuses it (adminSettings:contrast.places). */
  place: 'header' | 'panels' | 'badges';
}

/**
 * Every pair the portal renders with the tenant's colours, each needing 4.5:1 (WCAG AA text).
 * main.css: white text on --brand in the header, the buttons and the mails' header, and --brand
 * as the link colour on white (--bg); links on the grey panels (--surface #f3f4f6: the front
 * desks, the display switches). components.css: --brand-accent as the text and border of the
 * "coming soon" badges on white cards. test/settings/brand-contrast.test.ts holds these
 * colours to the stylesheets, so a change there cannot leave this list behind.
 */
export const BRAND_COLOUR_PAIRS: readonly BrandColourPair[] = [
  { colour: 'primaryColour', against: '#ffffff', place: 'header' },
  { colour: 'primaryColour', against: '#f3f4f6', place: 'panels' },
  { colour: 'accentColour', against: '#ffffff', place: 'badges' },
];

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
