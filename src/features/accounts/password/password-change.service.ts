// Changing the password while signed in: voluntarily (the current password proves it is the
// owner at the keyboard) or because the account has a start password, which must be changed
// before anything else and may not be kept as the new one.
import type { Knex } from 'knex';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Clock } from '../../../lib/clock.ts';
import { hashPassword, verifyPassword } from '../../../platform/crypto/password-hash.ts';
import type { MailOutbox } from '../../../platform/mail/outbox.ts';
import { lockIfUnchanged, type ClientProfile } from '../clients/client-profile.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import { storeNewPassword } from './store-password.ts';

export interface PasswordChangeDeps {
  db: Knex;
  clock: Clock;
  outbox: MailOutbox;
  nationalIds: NationalIdProtector;
}

export type PasswordChangeRefusal =
  | { kind: 'wrong_current' }
  | { kind: 'same_as_current' }
  | { kind: 'same_as_start' }
  | { kind: 'start_password_expired' }
  | { kind: 'gone' };

/** Changed, and whether the owner was sent a notice (an account without an e-mail address is not). */
export type PasswordChangeResult = { kind: 'changed'; noticeQueued: boolean } | PasswordChangeRefusal;

/**
 * Why this start password may not be replaced by `password`, or undefined. The route asks
 * before the policy: the start password would fail it for its own reasons (it may contain the
 * login), and "must differ from the start password" is what the client needs to hear.
 */
export async function startPasswordRefusal(
  deps: Pick<PasswordChangeDeps, 'clock'>,
  client: ClientProfile,
  password: string,
): Promise<PasswordChangeRefusal | undefined> {
  if (!client.passwordHash) return { kind: 'gone' };
  if (!client.startPasswordExpiresAt) return { kind: 'wrong_current' };
  if (client.startPasswordExpiresAt <= deps.clock.now()) return { kind: 'start_password_expired' };
  // Someone at the counter has seen the start password.
  if ((await verifyPassword(client.passwordHash, password)).ok) return { kind: 'same_as_start' };
  return undefined;
}

/**
 * Checks and stores the new password (already checked against the policy by the caller).
 * `current` is undefined when changing a start password: the client has just signed in with it.
 */
export async function changePassword(
  deps: PasswordChangeDeps,
  { tenant }: ServiceContext,
  client: ClientProfile,
  { current, password }: { current: string | undefined; password: string },
): Promise<PasswordChangeResult> {
  if (!client.passwordHash) return { kind: 'gone' };
  if (current === undefined) {
    const refusal = await startPasswordRefusal(deps, client, password);
    if (refusal) return refusal;
  } else {
    if (!(await verifyPassword(client.passwordHash, current)).ok) return { kind: 'wrong_current' };
    if (current.normalize('NFC') === password.normalize('NFC')) return { kind: 'same_as_current' };
  }
  const passwordHash = await hashPassword(password);
  return withTenant(deps.db, tenant.id, async (trx) => {
    const locked = await lockIfUnchanged(trx, { ...deps, tenant }, client);
    if (!locked) return { kind: 'gone' as const };
    const { noticeQueued } = await storeNewPassword(trx, deps.outbox, locked, passwordHash, deps.clock.now());
    return { kind: 'changed' as const, noticeQueued };
  });
}
