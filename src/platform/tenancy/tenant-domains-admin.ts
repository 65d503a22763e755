// Custom domains for the operator's tools. The table's own check only allows [a-z0-9.-];
// this is the stricter rule for what an operator types: a real DNS name, lower-cased, so a
// typo ("portal..example.pl", "-portal.pl", an IP address) is refused instead of stored.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { TenantId } from './tenant-transaction.ts';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDomainName(hostname: string): boolean {
  const labels = hostname.split('.');
  return (
    hostname.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    // The top-level label is never all digits: that would be an IPv4 address, not a domain.
    /[a-z]/.test(labels.at(-1)!)
  );
}

/** A host name as browsers send it: trimmed, lower-case, without the trailing dot of a FQDN. */
export const domainNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((hostname) => hostname.replace(/\.$/, ''))
  .refine(isDomainName, 'must be a domain name such as portal.example.pl (letters, digits, hyphens and dots)');

export interface DomainHolder {
  hostname: string;
  slug: string;
}

/** Which of these host names already serve a tenant other than the given one (any tenant when none is given). */
export async function domainsHeldByOthers(
  db: Knex,
  hostnames: readonly string[],
  tenantId?: TenantId,
): Promise<DomainHolder[]> {
  if (hostnames.length === 0) return [];
  const query = db('tenant_domains as d')
    .join('tenants as t', 't.id', 'd.tenant_id')
    .whereIn('d.hostname', hostnames)
    .select('d.hostname', 't.slug')
    .orderBy('d.hostname');
  if (tenantId) query.whereNot('d.tenant_id', tenantId);
  return query;
}
