// The links a member of staff is handed: the invitation (first password) and the password
// reset, absolute (platform/tenancy/absolute-url.ts): /{slug}/admin/… under PUBLIC_URL, or
// /admin/… on the tenant's own domain. The token travels only in the link.
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import type { StaffTokenPurpose } from './staff-tokens.ts';

const PATHS: Readonly<Record<StaffTokenPurpose, string>> = {
  invitation: '/admin/invitation',
  password_reset: '/admin/password-reset',
};

export function staffLink(
  publicUrl: string,
  tenant: Pick<Tenant, 'slug' | 'domains'>,
  purpose: StaffTokenPurpose,
  token: string,
): string {
  return absoluteUrl(publicUrl, tenant, `${PATHS[purpose]}?token=${encodeURIComponent(token)}`);
}

/** The invitation link of a new member of staff. */
export const invitationLink = (publicUrl: string, tenant: Pick<Tenant, 'slug' | 'domains'>, token: string): string =>
  staffLink(publicUrl, tenant, 'invitation', token);
