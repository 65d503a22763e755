// The staff context (issue #18): the people who work for a tenant, clerks at the counter and
// the managers who run them, their invitation and password links, their TOTP secrets, and the
// policy of who may do what. It owns staff (staff.repo.ts), staff_tokens (staff-tokens.ts) and
// staff_recovery_codes (staff-recovery-codes.ts). Its pages are the staff section under /admin
// (admin/); the operator's commands (staff:*) and the demo seeds use the services below.
import { defineFeature } from '../../platform/feature.ts';
import { createSealedBox } from '../../platform/crypto/sealed-box.ts';
import { adminRouters } from './admin/admin.routes.ts';
import { STAFF_MAILS } from './mails.ts';
import { staffMailResends } from './staff-mail-resends.ts';
import { STAFF_SETTINGS } from './settings.ts';
import { DEFAULT_STAFF_SIGN_IN_LIMITS } from './sign-in/sign-in.routes.ts';
import { TOTP_SECRET_COLUMN } from './totp-secret.ts';
import { STAFF_PURGES } from './purges.ts';

export const staff = defineFeature({
  name: 'staff',
  settings: STAFF_SETTINGS,
  limits: DEFAULT_STAFF_SIGN_IN_LIMITS,
  routers: ({ config, db, clock, outbox, rateLimit, subjectHash, secureCookies, limits }) => ({
    tenantAdmin: adminRouters({
      production: config.env === 'production',
      db,
      clock,
      sealedBox: createSealedBox(config.dataKey, config.previousDataKeys),
      rateLimit,
      subjectHash,
      secureCookies,
      limits,
      outbox,
    }),
  }),
  templateLocals: [
    // the admin layout's header: the signed-in member of staff; the dashboard's sections
    ...['staffMember', 'sections', 'maySearch'],
    // sign-in, enrolment (the QR code, the secret in groups, the recovery codes) and the links
    ...['next', 'signedOut', 'expired', 'qr', 'secretGroups', 'recoveryCodes', 'member', 'purpose', 'formAction'],
    // the staff pages: the list, what a change did or why it was refused, the member confirmed
    ...['staff', 'mayInvite', 'notice', 'problem', 'member'],
    // the audit log: its rows, the next page's link and the CSV's
    ...['rows', 'olderUrl', 'csvUrl'],
  ],
  mails: STAFF_MAILS,
  mailResends: ({ clock, outbox }) => staffMailResends({ clock, outbox }),
  purges: STAFF_PURGES,
  sealedColumns: [TOTP_SECRET_COLUMN],
});

export { mayAct } from './authorize.ts';
export { can, STAFF_ACTIONS, STAFF_ROLES, type StaffAction, type StaffRole } from './policy.ts';
export {
  changeRole,
  createStaff,
  disableStaff,
  issuePasswordLink,
  listStaff,
  resetTotp,
  staffMemberWithEmail,
  STAFF_LINK_LIFETIME_MS,
  type StaffDeps,
} from './staff.service.ts';
export { acceptInvitation, checkStaffLink, completePasswordReset } from './staff-password.service.ts';
export { invitationLink, staffLink, staffLinkPath } from './staff-links.ts';
export { STAFF_INVITATION_MAIL, STAFF_PASSWORD_RESET_MAIL } from './mails.ts';
export { insertStaffMember, type StaffMember } from './staff.repo.ts';
export { totpSecretContext } from './totp-secret.ts';
// The staff section's guards, for the pages other features add under /admin.
export { allow, requireStaff, staffContext, type GuardDeps, type StaffContext } from './admin/guards.ts';
