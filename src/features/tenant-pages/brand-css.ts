// The tenant's colours as CSS custom properties, served as a stylesheet so pages need no
// inline style (the CSP forbids it). Colours were validated as #rrggbb with AA contrast.
import type { Branding } from '../tenants/tenant.ts';

export function brandStylesheet(branding: Branding): string {
  return `:root{--brand:${branding.primaryColour};--brand-accent:${branding.accentColour};}\n`;
}
