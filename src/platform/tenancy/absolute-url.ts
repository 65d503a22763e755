// Absolute URLs (mail links above all) come from configuration only: the tenant's first
// custom domain, else PUBLIC_URL with the tenant's slug. Never from the request's Host
// header, which anyone can set.
import type { Tenant } from './tenant.ts';

export function absoluteUrl(publicUrl: string, tenant: Pick<Tenant, 'slug' | 'domains'>, path: string): string {
  const suffix = path.startsWith('/') ? path : `/${path}`;
  const [domain] = tenant.domains;
  if (domain) return `https://${domain}${suffix}`;
  return `${publicUrl.replace(/\/+$/, '')}/${tenant.slug}${suffix}`;
}
