// Signing a member of staff in (issue #18), in two steps that each stand alone: the password
// (argon2id through the platform's queue, an unknown e-mail verified against a dummy hash so
// the time taken says nothing), then the second factor: a TOTP code (±1 step, each step once:
// totp_last_step) or a one-time recovery code. Five wrong second factors lock it for fifteen
// minutes. A member not yet enrolled (first sign-in, or after a TOTP reset) enrols instead:
// the secret shown, proved by a code, sealed and stored, and ten recovery codes issued.
// What changes state here writes its audit row in the same transaction, the member acting for
// themselves.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { verifyAgainstDummy, verifyPassword } from '../../../platform/crypto/password-hash.ts';
import { matchRecoveryCode, newRecoveryCodes } from '../../../platform/crypto/recovery-codes.ts';
import type { SealedBox } from '../../../platform/crypto/sealed-box.ts';
import { verifyTotp } from '../../../platform/crypto/totp.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { markRecoveryCodeUsed, replaceRecoveryCodes, unusedRecoveryCodes } from '../staff-recovery-codes.ts';
import {
  acceptSecondFactor,
  enrolStaffTotp,
  recordSecondFactorFailure,
  secondFactorOf,
  staffCredentialsByEmail,
  staffMemberById,
  type StaffMember,
} from '../staff.repo.ts';
import { totpSecretContext } from '../totp-secret.ts';

export interface StaffSignInDeps {
  db: Knex;
  clock: Clock;
  sealedBox: SealedBox;
}

/** Wrong second factors in a row before it locks, and for how long. */
export const SECOND_FACTOR_MAX_FAILURES = 5;
export const SECOND_FACTOR_LOCK_MS = 15 * 60_000;

export type PasswordStep = { kind: 'verified'; staff: StaffMember } | { kind: 'refused' };

/** The password step: an unknown e-mail, a wrong password and an account that cannot sign in get one answer. */
export async function verifyStaffPassword(
  deps: StaffSignInDeps,
  { tenant }: ServiceContext,
  { email, password }: { email: string; password: string },
): Promise<PasswordStep> {
  const found = await withTenant(deps.db, tenant.id, (trx) => staffCredentialsByEmail(trx, email));
  if (found?.member.status !== 'active' || !found.passwordHash) {
    await verifyAgainstDummy(password);
    return { kind: 'refused' };
  }
  const verified = await verifyPassword(found.passwordHash, password);
  return verified.ok ? { kind: 'verified', staff: found.member } : { kind: 'refused' };
}

/** The member acting for themselves, as the audit log names them. */
const selfContext = (context: ServiceContext, member: StaffMember): ServiceContext => ({
  ...context,
  actor: { kind: 'staff', staffId: member.id, role: member.role },
});

const audit = (trx: Knex.Transaction, context: ServiceContext, member: StaffMember, action: string) =>
  recordAudit(trx, selfContext(context, member), { action, subject: { kind: 'staff', id: member.id } });

export type SecondFactorOutcome =
  | { kind: 'accepted'; staff: StaffMember; by: 'totp' | 'recovery_code' }
  /** Neither six digits nor a recovery code's shape: not counted. */
  | { kind: 'malformed' }
  | { kind: 'wrong' }
  | { kind: 'replayed' }
  | { kind: 'locked'; until: Date }
  | { kind: 'notEnrolled' }
  /** Disabled or gone since the password step. */
  | { kind: 'gone' };

const SIX_DIGITS = /^[\d\s]+$/;
const RECOVERY_SHAPE = /^[a-z0-9]{15}$/;

/** The second step: a TOTP code or a recovery code, under the member's row lock. */
export function verifySecondFactor(
  deps: StaffSignInDeps,
  context: ServiceContext,
  { staffId, code }: { staffId: string; code: string },
): Promise<SecondFactorOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const member = await staffMemberById(trx, staffId, { lock: true });
    if (member?.status !== 'active') return { kind: 'gone' as const };
    const factor = (await secondFactorOf(trx, staffId))!;
    if (!factor.secretSealed) return { kind: 'notEnrolled' as const };
    const now = deps.clock.now();
    if (factor.lockedUntil && factor.lockedUntil > now) return { kind: 'locked' as const, until: factor.lockedUntil };

    const typed = code.trim();
    let refused: 'wrong' | 'replayed';
    if (SIX_DIGITS.test(typed)) {
      const secret = deps.sealedBox.open(factor.secretSealed, totpSecretContext(context.tenant.id, staffId));
      const check = verifyTotp(secret, typed, now, factor.lastStep);
      if (check.ok) {
        await acceptSecondFactor(trx, staffId, check.step);
        return { kind: 'accepted' as const, staff: member, by: 'totp' as const };
      }
      if (check.reason === 'malformed') return { kind: 'malformed' as const };
      refused = check.reason;
    } else {
      if (!RECOVERY_SHAPE.test(typed.toLowerCase().replace(/[\s\p{Pd}]/gu, ''))) return { kind: 'malformed' as const };
      const codes = await unusedRecoveryCodes(trx, staffId);
      const index = matchRecoveryCode(
        typed,
        codes.map((stored) => stored.hash),
      );
      if (index !== undefined) {
        await markRecoveryCodeUsed(trx, codes[index]!.id, now);
        await acceptSecondFactor(trx, staffId);
        await audit(trx, context, member, 'staff.recovery_code_used');
        return { kind: 'accepted' as const, staff: member, by: 'recovery_code' as const };
      }
      refused = 'wrong';
    }

    // A wrong or replayed code counts; the fifth in a row locks the second factor.
    const failures = factor.failures + 1;
    if (failures < SECOND_FACTOR_MAX_FAILURES) {
      await recordSecondFactorFailure(trx, staffId, { failures, lockedUntil: null });
      return { kind: refused };
    }
    const until = new Date(now.getTime() + SECOND_FACTOR_LOCK_MS);
    await recordSecondFactorFailure(trx, staffId, { failures: 0, lockedUntil: until });
    await audit(trx, context, member, 'staff.second_factor_locked');
    return { kind: 'locked' as const, until };
  });
}

/** The member half-way through signing in, as their row is now: the second step's pages ask whether to enrol. */
export async function staffMemberForSignIn(
  deps: StaffSignInDeps,
  context: ServiceContext,
  staffId: string,
): Promise<StaffMember | undefined> {
  return withTenant(deps.db, context.tenant.id, (trx) => staffMemberById(trx, staffId));
}

export type EnrolmentOutcome =
  | { kind: 'enrolled'; staff: StaffMember; recoveryCodes: string[] }
  | { kind: 'malformed' }
  | { kind: 'wrong' }
  | { kind: 'alreadyEnrolled' }
  | { kind: 'gone' };

/**
 * Enrolment: the code proves the app holds the secret shown; then the secret is sealed and
 * stored, the code's step spent, and ten recovery codes issued (the old ones, if any, gone).
 */
export async function enrolTotp(
  deps: StaffSignInDeps,
  context: ServiceContext,
  { staffId, secret, code }: { staffId: string; secret: string; code: string },
): Promise<EnrolmentOutcome> {
  const now = deps.clock.now();
  const check = verifyTotp(secret, code.trim(), now, null);
  if (!check.ok) return { kind: check.reason === 'malformed' ? 'malformed' : 'wrong' };
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const member = await staffMemberById(trx, staffId, { lock: true });
    if (member?.status !== 'active') return { kind: 'gone' as const };
    if (member.totpEnrolled) return { kind: 'alreadyEnrolled' as const };
    const secretSealed = deps.sealedBox.seal(secret, totpSecretContext(context.tenant.id, staffId));
    await enrolStaffTotp(trx, staffId, { secretSealed, now, step: check.step });
    const { codes, hashes } = newRecoveryCodes();
    await replaceRecoveryCodes(trx, staffId, hashes);
    await audit(trx, context, member, 'staff.totp_enrolled');
    return { kind: 'enrolled' as const, staff: { ...member, totpEnrolled: true }, recoveryCodes: codes };
  });
}
