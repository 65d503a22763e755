// Following a staff link: the invitation sets the first password and makes the account active;
// a password reset replaces the password and ends every session. The password follows the
// accounts' rules under the NIST policy whatever the tenant chose for its clients (a staff
// account opens every client's data, so it never gets the shorter sports-centre rule), and may
// not contain the person's name or e-mail. It is hashed by the platform's queue outside the
// transaction, so no row waits on argon2. Both changes (accepted, reset) are audited here.
import type { Knex } from 'knex';
import { hashPassword } from '../../platform/crypto/password-hash.ts';
import type { ServiceContext } from '../../platform/service-context.ts';
import { endSessionsOfUserIn } from '../../platform/sessions/sign-in.ts';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import { checkPassword, type PasswordProblem } from '../accounts/index.ts';
import {
  consumeStaffToken,
  inspectStaffToken,
  voidStaffTokens,
  type StaffTokenProblem,
  type StaffTokenPurpose,
} from './staff-tokens.ts';
import { setStaffPassword, staffMemberById, type StaffMember } from './staff.repo.ts';
import { auditStaffChange, type StaffDeps } from './staff.service.ts';

export type StaffLinkCheck = { kind: 'valid'; staff: StaffMember } | { kind: 'problem'; problem: StaffTokenProblem };

/** The status a link of each purpose is for: an invitation opens an invited account only. */
const STATUS_FOR: Readonly<Record<StaffTokenPurpose, 'invited' | 'active'>> = {
  invitation: 'invited',
  password_reset: 'active',
};

async function holderOf(
  trx: Knex.Transaction,
  lookup: { token: string; purpose: StaffTokenPurpose; now: Date },
): Promise<StaffLinkCheck> {
  const found = await inspectStaffToken(trx, lookup);
  if ('problem' in found) return { kind: 'problem', problem: found.problem };
  const staff = await staffMemberById(trx, found.staffId);
  // Disabled (or already active) since the link was issued: the link is spent.
  if (staff?.status !== STATUS_FOR[lookup.purpose]) return { kind: 'problem', problem: 'used' };
  return { kind: 'valid', staff };
}

/** Whose the link is, without using it up: what the password form will show. */
export function checkStaffLink(
  deps: StaffDeps,
  context: ServiceContext,
  { token, purpose }: { token: string; purpose: StaffTokenPurpose },
): Promise<StaffLinkCheck> {
  return withTenant(deps.db, context.tenant.id, (trx) => holderOf(trx, { token, purpose, now: deps.clock.now() }));
}

/** What the staff password must pass: the accounts' rules, NIST policy, nothing of the person. */
export function staffPasswordProblems(password: string, staff: Pick<StaffMember, 'email' | 'name'>) {
  return checkPassword(password, {
    policy: 'nist',
    collectsPesel: false,
    personal: { email: staff.email, firstName: staff.name ?? undefined },
  });
}

export type SetPasswordOutcome =
  | { kind: 'set'; staffId: string; sessionsEnded: number }
  | { kind: 'problem'; problem: StaffTokenProblem }
  | { kind: 'weakPassword'; problems: PasswordProblem[] };

async function setPasswordWithLink(
  deps: StaffDeps,
  context: ServiceContext,
  purpose: StaffTokenPurpose,
  { token, password }: { token: string; password: string },
): Promise<SetPasswordOutcome> {
  const checked = await checkStaffLink(deps, context, { token, purpose });
  if (checked.kind === 'problem') return checked;
  const problems = await staffPasswordProblems(password, checked.staff);
  if (problems.length > 0) return { kind: 'weakPassword', problems };
  const passwordHash = await hashPassword(password);
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const now = deps.clock.now();
    // Read again under the token's lock: the link may have been used or voided meanwhile.
    const holder = await holderOf(trx, { token, purpose, now });
    if (holder.kind === 'problem') return holder;
    await consumeStaffToken(trx, { token, purpose, now });
    const staffId = holder.staff.id;
    if (!(await setStaffPassword(trx, staffId, passwordHash, STATUS_FOR[purpose])))
      return { kind: 'problem' as const, problem: 'used' as const };
    await voidStaffTokens(trx, staffId, now, ['password_reset']);
    // A new password ends whatever the old one opened; an invitation has opened nothing yet.
    const sessionsEnded = purpose === 'password_reset' ? await endSessionsOfUserIn(trx, staffId, now) : 0;
    // The link's holder acts for themselves: the audit log names them, with their role.
    const self: ServiceContext = { ...context, actor: { kind: 'staff', staffId, role: holder.staff.role } };
    const action = purpose === 'invitation' ? 'staff.invitation_accepted' : 'staff.password_reset';
    await auditStaffChange(trx, self, action, staffId);
    return { kind: 'set' as const, staffId, sessionsEnded };
  });
}

/** The invitation accepted: the first password set, the account active. TOTP is enrolled at the first sign-in. */
export function acceptInvitation(
  deps: StaffDeps,
  context: ServiceContext,
  input: { token: string; password: string },
): Promise<SetPasswordOutcome> {
  return setPasswordWithLink(deps, context, 'invitation', input);
}

/** A new password from a reset link: every session of the account ends. */
export function completePasswordReset(
  deps: StaffDeps,
  context: ServiceContext,
  input: { token: string; password: string },
): Promise<SetPasswordOutcome> {
  return setPasswordWithLink(deps, context, 'password_reset', input);
}
