// Running a tenant's staff: inviting, listing, changing a role, disabling, resetting TOTP and
// handing out a password link. What the operator's commands call now and the managers' pages
// will call later, each in one withTenant transaction, each refusing an actor the policy does
// not allow (authorize.ts). Every change writes its audit row in its own transaction
// (auditStaffChange), so the row and the change commit together or not at all.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../../lib/clock.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { recordAudit, type AuditChanges } from '../../platform/audit/record.ts';
import { endSessionsOfUserIn } from '../../platform/sessions/sign-in.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import type { MailOutbox } from '../../platform/mail/outbox.ts';
import { mailStaffLink } from './staff-link-mail.ts';
import { actingStaffId, mayAct } from './authorize.ts';
import type { StaffAction, StaffRole } from './policy.ts';
import { discardRecoveryCodes } from './staff-recovery-codes.ts';
import { issueStaffToken, voidStaffTokens, type StaffTokenPurpose } from './staff-tokens.ts';
import {
  changeStaffRole,
  clearStaffTotp,
  disableStaffMember,
  insertStaffMember,
  lockActiveManagers,
  staffMemberByEmail,
  staffMemberById,
  staffMembers,
  type StaffMember,
} from './staff.repo.ts';
import { violatedUniqueIndex } from '../../platform/db/unique-violation.ts';

export interface StaffDeps {
  db: Knex;
  clock: Clock;
  /** What mails a link when the caller asks (the managers' pages); the operator's commands print it. */
  outbox?: MailOutbox;
}

const HOUR_MS = 60 * 60_000;

/** How long a link works: an invitation waits for someone's first day, a reset is asked for now. */
export const STAFF_LINK_LIFETIME_MS: Readonly<Record<StaffTokenPurpose, number>> = {
  invitation: 7 * 24 * HOUR_MS,
  password_reset: 24 * HOUR_MS,
};

type Forbidden = { kind: 'forbidden' };
type NotFound = { kind: 'notFound' };
const FORBIDDEN: Forbidden = { kind: 'forbidden' };

/** The audit row of a change to a member of staff, in the change's transaction. */
export function auditStaffChange(
  trx: Knex.Transaction,
  context: ServiceContext,
  action: string,
  staffId: string,
  changes?: AuditChanges,
): Promise<void> {
  return recordAudit(trx, context, {
    action,
    subject: { kind: 'staff', id: staffId },
    ...(changes ? { changes } : {}),
  });
}
const NOT_FOUND: NotFound = { kind: 'notFound' };

export interface NewStaffInput {
  email: string;
  name?: string | undefined;
  role: StaffRole;
  /** Mail the invitation in this language, in the change's transaction (deps.outbox). */
  mailIn?: Locale | undefined;
}

/** `mailed`: when a mail was asked for, whether the outbox took it (false: held back by its throttle). */
export type CreateStaffOutcome =
  | { kind: 'created'; staff: StaffMember; invitationToken: string; mailed?: boolean }
  | { kind: 'emailTaken' }
  | Forbidden;

const isEmailTaken = (error: unknown): boolean => violatedUniqueIndex(error) === 'staff_tenant_id_email_key_key';

/** A new member of staff, invited: the token is for the link (staff-links.ts) and nowhere else. */
export async function createStaff(
  deps: StaffDeps,
  context: ServiceContext,
  input: NewStaffInput,
): Promise<CreateStaffOutcome> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx) => {
      if (!(await mayAct(trx, context, 'staff.invite'))) return FORBIDDEN;
      if (await staffMemberByEmail(trx, input.email)) return { kind: 'emailTaken' as const };
      const now = deps.clock.now();
      const id = randomUUID();
      await insertStaffMember(trx, {
        id,
        email: input.email,
        name: input.name ?? null,
        role: input.role,
        createdAt: now,
      });
      const lifetimeMs = STAFF_LINK_LIFETIME_MS.invitation;
      const invitationToken = await issueStaffToken(trx, { staffId: id, purpose: 'invitation', lifetimeMs, now });
      await auditStaffChange(trx, context, 'staff.invited', id, {
        email: [null, input.email],
        name: [null, input.name ?? null],
        role: [null, input.role],
      });
      const staff = (await staffMemberById(trx, id))!;
      if (input.mailIn === undefined) return { kind: 'created' as const, staff, invitationToken };
      const link = { staff, purpose: 'invitation' as const, token: invitationToken, lifetimeMs, locale: input.mailIn };
      const mailed = (await mailStaffLink(trx, deps.outbox, link)).status !== 'dropped';
      return { kind: 'created' as const, staff, invitationToken, mailed };
    });
  } catch (error) {
    // The same address added at the same moment by someone else: the unique key decided.
    if (isEmailTaken(error)) return { kind: 'emailTaken' };
    throw error;
  }
}

export async function listStaff(
  deps: StaffDeps,
  context: ServiceContext,
): Promise<{ kind: 'listed'; staff: StaffMember[] } | Forbidden> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'staff.list'))) return FORBIDDEN;
    return { kind: 'listed' as const, staff: await staffMembers(trx) };
  });
}

/**
 * Runs `work` on the member of staff a service acts on, locked until commit, once the actor
 * may take the action; otherwise says why not (another tenant's member is not found).
 */
function withSubject<T>(
  deps: StaffDeps,
  context: ServiceContext,
  action: StaffAction,
  staffId: string,
  work: (trx: Knex.Transaction, subject: StaffMember) => Promise<T>,
): Promise<T | Forbidden | NotFound> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, action))) return FORBIDDEN;
    const subject = await staffMemberById(trx, staffId, { lock: true });
    return subject ? work(trx, subject) : NOT_FOUND;
  });
}

const DISABLED = { kind: 'disabled' } as const;

/**
 * Whether taking this active manager out of the managers (disabling or demoting them) leaves
 * the tenant without one, when a member of staff does it. The operator may (the CLI says so):
 * recovering a tenant whose only manager is gone must stay possible.
 */
async function wouldLeaveNoManager(
  trx: Knex.Transaction,
  context: ServiceContext,
  subject: StaffMember,
): Promise<boolean> {
  if (subject.role !== 'manager' || subject.status !== 'active' || !actingStaffId(context)) return false;
  const managers = await lockActiveManagers(trx);
  return managers.every((id) => id === subject.id);
}

/** How many active managers the tenant has, for the operator to be told when none is left. */
async function activeManagerCount(trx: Knex.Transaction): Promise<number> {
  return (await lockActiveManagers(trx)).length;
}

export type DisableStaffOutcome =
  | { kind: 'disabled'; sessionsEnded: number; activeManagers: number }
  | { kind: 'alreadyDisabled' }
  | { kind: 'lastManager' }
  | Forbidden
  | NotFound;

/** Disabled: no sign-in, their sessions ended now (other processes are told), their links void. */
export async function disableStaff(
  deps: StaffDeps,
  context: ServiceContext,
  { staffId }: { staffId: string },
): Promise<DisableStaffOutcome> {
  return withSubject(deps, context, 'staff.disable', staffId, async (trx, subject) => {
    if (subject.status === 'disabled') return { kind: 'alreadyDisabled' as const };
    if (await wouldLeaveNoManager(trx, context, subject)) return { kind: 'lastManager' as const };
    const now = deps.clock.now();
    await disableStaffMember(trx, staffId, now);
    await voidStaffTokens(trx, staffId, now);
    const sessionsEnded = await endSessionsOfUserIn(trx, staffId, now);
    await auditStaffChange(trx, context, 'staff.disabled', staffId, { status: [subject.status, 'disabled'] });
    return { kind: 'disabled' as const, sessionsEnded, activeManagers: await activeManagerCount(trx) };
  });
}

export type ChangeRoleOutcome =
  | { kind: 'changed'; activeManagers: number }
  | { kind: 'unchanged' }
  | { kind: 'disabled' }
  | { kind: 'lastManager' }
  | Forbidden
  | NotFound;

/** A new role, in force from the next thing they do: every service reads the role afresh. */
export async function changeRole(
  deps: StaffDeps,
  context: ServiceContext,
  { staffId, role }: { staffId: string; role: StaffRole },
): Promise<ChangeRoleOutcome> {
  return withSubject(deps, context, 'staff.changeRole', staffId, async (trx, subject) => {
    if (subject.status === 'disabled') return DISABLED;
    if (subject.role === role) return { kind: 'unchanged' as const };
    if (await wouldLeaveNoManager(trx, context, subject)) return { kind: 'lastManager' as const };
    await changeStaffRole(trx, staffId, role);
    await auditStaffChange(trx, context, 'staff.role_changed', staffId, { role: [subject.role, role] });
    return { kind: 'changed' as const, activeManagers: await activeManagerCount(trx) };
  });
}

export type ResetTotpOutcome = { kind: 'reset'; sessionsEnded: number } | { kind: 'disabled' } | Forbidden | NotFound;

/**
 * TOTP cleared (the secret, the enrolment, the counters and the recovery codes): the next
 * sign-in with the password enrols again. Their sessions end, since whoever holds the lost
 * authenticator may hold one of them too.
 */
export async function resetTotp(
  deps: StaffDeps,
  context: ServiceContext,
  { staffId }: { staffId: string },
): Promise<ResetTotpOutcome> {
  return withSubject(deps, context, 'staff.resetTotp', staffId, async (trx, subject) => {
    if (subject.status === 'disabled') return DISABLED;
    await clearStaffTotp(trx, staffId);
    await discardRecoveryCodes(trx, staffId);
    const sessionsEnded = await endSessionsOfUserIn(trx, staffId, deps.clock.now());
    await auditStaffChange(trx, context, 'staff.totp_reset', staffId);
    return { kind: 'reset' as const, sessionsEnded };
  });
}

export type PasswordLinkOutcome =
  | { kind: 'issued'; purpose: StaffTokenPurpose; token: string; mailed?: boolean }
  | { kind: 'disabled' }
  | Forbidden
  | NotFound;

/**
 * A link to set a password: for an active account a password reset, for one still invited a
 * fresh invitation (the first may have expired). Either voids the earlier link of its kind;
 * the current password works until the new one is set. Given `mailIn`, the link is mailed to
 * the member in that language, in the same transaction.
 */
export async function issuePasswordLink(
  deps: StaffDeps,
  context: ServiceContext,
  { staffId, mailIn }: { staffId: string; mailIn?: Locale | undefined },
): Promise<PasswordLinkOutcome> {
  return withSubject(deps, context, 'staff.resetPassword', staffId, async (trx, subject) => {
    if (subject.status === 'disabled') return DISABLED;
    const purpose: StaffTokenPurpose = subject.status === 'invited' ? 'invitation' : 'password_reset';
    const now = deps.clock.now();
    const lifetimeMs = STAFF_LINK_LIFETIME_MS[purpose];
    const token = await issueStaffToken(trx, { staffId, purpose, lifetimeMs, now });
    await auditStaffChange(trx, context, `staff.${purpose}_link_issued`, staffId);
    if (mailIn === undefined) return { kind: 'issued' as const, purpose, token };
    const queued = await mailStaffLink(trx, deps.outbox, {
      staff: subject,
      purpose,
      token,
      lifetimeMs,
      locale: mailIn,
    });
    const mailed = queued.status !== 'dropped';
    return { kind: 'issued' as const, purpose, token, mailed };
  });
}

/** A member of staff by e-mail (for whoever may list the staff): the operator's commands name people so. */
export function staffMemberWithEmail(
  deps: StaffDeps,
  context: ServiceContext,
  email: string,
): Promise<StaffMember | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'staff.list')) ? staffMemberByEmail(trx, email) : undefined,
  );
}
