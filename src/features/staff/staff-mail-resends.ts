// The staff's dead link mails sent again from the mail problems page (issue #19): an invitation
// to a member who has not accepted it, a password link to an active member, each with a fresh
// link (issueStaffToken voids the older), as a manager would send them from the staff page, so
// they need the manager's action. Not sent when the member has accepted the invitation since,
// is disabled or gone, or has another address now.
import type { Clock } from '../../lib/clock.ts';
import type { MailOutbox } from '../../platform/mail/outbox.ts';
import type { MailResend, ResendOutcome } from '../../platform/mail/resend.ts';
import { STAFF_INVITATION_MAIL, STAFF_PASSWORD_RESET_MAIL } from './mails.ts';
import type { StaffAction } from './policy.ts';
import { mailStaffLink } from './staff-link-mail.ts';
import { STAFF_LINK_LIFETIME_MS } from './staff.service.ts';
import { staffMemberById } from './staff.repo.ts';
import { issueStaffToken, type StaffTokenPurpose } from './staff-tokens.ts';

const LINKS: readonly { template: string; purpose: StaffTokenPurpose; status: string; action: StaffAction }[] = [
  { template: STAFF_INVITATION_MAIL.name, purpose: 'invitation', status: 'invited', action: 'staff.invite' },
  {
    template: STAFF_PASSWORD_RESET_MAIL.name,
    purpose: 'password_reset',
    status: 'active',
    action: 'staff.resetPassword',
  },
];

export function staffMailResends(deps: { clock: Clock; outbox: MailOutbox }): MailResend[] {
  return LINKS.map(({ template, purpose, status, action }) => ({
    template,
    action,
    async resend(trx, { mail, idempotencyKey }): Promise<ResendOutcome> {
      const member = mail.userId ? await staffMemberById(trx, mail.userId, { lock: true }) : undefined;
      if (!member || member.status === 'disabled') return { kind: 'stale', reason: 'accountGone' };
      if (member.status !== status) return { kind: 'stale', reason: 'accountActive' };
      if (member.email.toLowerCase() !== mail.recipient.toLowerCase())
        return { kind: 'stale', reason: 'addressChanged' };
      const now = deps.clock.now();
      const lifetimeMs = STAFF_LINK_LIFETIME_MS[purpose];
      const token = await issueStaffToken(trx, { staffId: member.id, purpose, lifetimeMs, now });
      const link = { staff: member, purpose, token, lifetimeMs, locale: mail.locale, idempotencyKey };
      const queued = await mailStaffLink(trx, deps.outbox, link);
      if (queued.status === 'dropped') return { kind: 'throttled', retryAfterMs: queued.retryAfterMs };
      return { kind: 'queued', mailId: queued.id };
    },
  }));
}
