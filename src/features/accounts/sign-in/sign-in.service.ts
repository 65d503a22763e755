// Signing in with an e-mail or login and a password (issue #6). The attempt is counted on the
// account before the password is verified (account-guard.ts), verified outside any
// transaction (argon2 takes tens of milliseconds and waits in the bounded queue), and then
// recorded with its outcome. An unknown identifier, a wrong password and a locked account get
// the same answer; only someone who typed the right password learns more (a closed account,
// an expired start password).
import type { Knex } from 'knex';
import { runPrepared, type PreparedStatement } from '../../../platform/db/prepared-statement.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import type { Clock } from '../../../lib/clock.ts';
import {
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
  type PasswordHasher,
} from '../../../platform/crypto/password-hash.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import type { RateLimit } from '../../../platform/http/rate-limit.ts';
import type { KeyedHash } from '../../../platform/crypto/keyed-hash.ts';
import { signInAttempts } from '../../../platform/metrics/registry.ts';
import type { Tenant } from '../../../platform/tenancy/tenant.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { recordFailure, reserveAttempt, type CountedAccount } from './account-guard.ts';
import { recordLockedAttempt, recordSignInEvent, type SignInOutcome } from './sign-in-events.ts';
import { ACCOUNT_LOCKED_MAIL } from '../mails.ts';

export interface SignInDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  rateLimit: RateLimit;
  /** Keys unknown identifiers in rate-limit counters (never stored as typed). */
  identifierHash: KeyedHash;
  /** The argon2 queue; the process's shared one unless a test wants to pause inside a verification. */
  passwords?: Pick<PasswordHasher, 'hashPassword' | 'verifyPassword' | 'verifyAgainstDummy'>;
}

const sharedPasswords = { hashPassword, verifyPassword, verifyAgainstDummy };

export interface SignInAttempt {
  identifier: string;
  password: string;
  ip: string;
  userAgent: string;
}

export type SignInResult =
  | {
      kind: 'signed_in';
      client: { id: string; name: string; locale: Locale; mustChangePassword: boolean };
      /**
       * When the account was found unchanged, under its row lock: the session's sign-in time, so
       * a reset or closing committed after it (whose cutoff is later) still ends this session.
       */
      verifiedAt: Date;
    }
  /** Unknown, wrong or locked: one answer for all three. */
  | { kind: 'refused' }
  /** The right password, but the account cannot be used online (told only to its owner). */
  | { kind: CannotSignIn };

type CannotSignIn = Extract<SignInOutcome, 'start_password_expired' | 'closed' | 'blocked'>;

const COMPLETE_SIGN_IN: PreparedStatement = {
  name: 'okienko_complete_sign_in',
  text: 'SELECT outcome, must_change_password FROM complete_sign_in($1, $2, $3, $4, $5, $6, $7)',
};

export async function signInClient(
  deps: SignInDeps,
  { tenant }: ServiceContext,
  attempt: SignInAttempt,
): Promise<SignInResult> {
  const { lockout } = tenant.settings;
  const passwords = deps.passwords ?? sharedPasswords;
  const reservation = await reserveAttempt(deps.db, tenant.id, attempt.identifier, lockout, deps.clock.now());
  if (reservation.kind === 'unknown') {
    // Counted like an account and verified against a dummy hash until its limit, so neither the
    // timing of one attempt nor that of the eleventh tells an unknown identifier from a known one.
    const unknownAttempts = deps.rateLimit.attempts({
      name: `sign-in-unknown:${lockout.maxFailures}:${lockout.windowMinutes}`,
      points: lockout.maxFailures,
      durationSeconds: lockout.windowMinutes * 60,
    });
    const identifierKey = deps.identifierHash(attempt.identifier.toLowerCase());
    if ((await unknownAttempts.take(tenant.id, identifierKey)) === undefined)
      await verifyAgainstDummy(attempt.password);
    signInAttempts.inc({ outcome: 'unknown' });
    return { kind: 'refused' };
  }
  if (reservation.kind === 'locked') {
    // Not verified: a locked account spends no hashing time. Still recorded for its owner.
    await withTenant(deps.db, tenant.id, (trx) =>
      recordLockedAttempt(trx, reservation.clientId, countedEvent(deps, attempt, 'locked')),
    );
    return { kind: 'refused' };
  }

  const { account } = reservation;
  const verified = account.passwordHash
    ? await passwords.verifyPassword(account.passwordHash, attempt.password)
    : { ok: await passwords.verifyAgainstDummy(attempt.password), needsRehash: false };
  if (!verified.ok) {
    await withTenant(deps.db, tenant.id, async (trx) => {
      const now = deps.clock.now();
      await recordSignInEvent(trx, account.id, countedEvent(deps, attempt, 'wrong_password'));
      if (await recordFailure(trx, account.id, lockout, now)) await tellOwnerOfLock(trx, deps, tenant, account, now);
    });
    return { kind: 'refused' };
  }

  const rehashed = verified.needsRehash ? await passwords.hashPassword(attempt.password) : undefined;
  // The password was verified outside any transaction: complete_sign_in (migration
  // 20261202000300) counts it only if it is still the account's, and the account can still sign
  // in (a reset or closing may have come between), all under the account's row lock.
  const now = deps.clock.now();
  const [completed] = await runPrepared<{ outcome: SignInOutcome; must_change_password: boolean }>(
    deps.db,
    COMPLETE_SIGN_IN,
    [tenant.id, account.id, account.passwordHash, now, attempt.ip, attempt.userAgent, rehashed ?? null],
  );
  const { outcome, must_change_password: mustChangePassword } = completed!;
  signInAttempts.inc({ outcome });
  if (outcome === 'wrong_password') return { kind: 'refused' };
  if (outcome !== 'success') return { kind: outcome as CannotSignIn };
  return {
    kind: 'signed_in',
    client: {
      id: account.id,
      name: account.firstName,
      locale: account.preferredLocale as Locale,
      mustChangePassword,
    },
    verifiedAt: now,
  };
}

/** The event to record, its outcome counted in the metrics as it is made. */
function countedEvent(deps: SignInDeps, attempt: SignInAttempt, outcome: SignInOutcome) {
  signInAttempts.inc({ outcome });
  return { occurredAt: deps.clock.now(), outcome, ip: attempt.ip, userAgent: attempt.userAgent };
}

/** The owner learns of the lock by mail, at most once a day (the template's throttle). */
async function tellOwnerOfLock(
  trx: Knex.Transaction,
  deps: SignInDeps,
  tenant: Tenant,
  account: CountedAccount,
  now: Date,
): Promise<void> {
  if (!account.email) return;
  await deps.outbox.enqueue(trx, {
    template: ACCOUNT_LOCKED_MAIL,
    to: account.email,
    locale: account.preferredLocale as Locale,
    userId: account.id,
    params: { firstName: account.firstName, lockMinutes: tenant.settings.lockout.lockMinutes },
    idempotencyKey: `account-locked:${account.id}:${now.toISOString()}`,
  });
}
