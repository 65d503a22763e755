// The links a member of staff is handed: the invitation (first password) and the password
// reset, absolute (platform/tenancy/absolute-url.ts): /{slug}/admin/… under PUBLIC_URL, or
// /admin/… on the tenant's own domain. The token travels only in the link. A mailed link is
// the same path (staffLinkPath), made absolute by the mail renderer with the same URL.
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import type { StaffTokenPurpose } from './staff-tokens.ts';

const PATHS: Readonly<Record<StaffTokenPurpose, string>> = {
  invitation: '/admin/invitation',
  password_reset: '/admin/password-reset',
};

/** What a mail's link path may be: one of the paths above with a link token. */
export const STAFF_LINK_PATH = /^\/admin\/(invitation|password-reset)\?token=[A-Za-z0-9_-]{43}$/;

/** The link's path inside the tenant. */
export const staffLinkPath = (purpose: StaffTokenPurpose, token: string): string =>
  `${PATHS[purpose]}?token=${encodeURIComponent(token)}`;

export function staffLink(
  publicUrl: string,
  tenant: Pick<Tenant, 'slug' | 'domains'>,
  purpose: StaffTokenPurpose,
  token: string,
): string {
  return absoluteUrl(publicUrl, tenant, staffLinkPath(purpose, token));
}

/** The invitation link of a new member of staff. */
export const invitationLink = (publicUrl: string, tenant: Pick<Tenant, 'slug' | 'domains'>, token: string): string =>
  staffLink(publicUrl, tenant, 'invitation', token);
