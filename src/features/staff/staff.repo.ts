// The only writer of the staff table: every change a member of staff can go through, named for
// what it means, and the reads the services lock or list by. Each takes a transaction already
// scoped to the tenant (withTenant), so none can reach another tenant's row; the table's checks
// keep each status whole (an invitation has no password, an active account has one, a disabled
// one its date), so a change these functions do not make cannot leave a bad state either.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { StaffRole } from './policy.ts';

export const STAFF_STATUSES = ['invited', 'active', 'disabled'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export interface StaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  status: StaffStatus;
  totpEnrolled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewStaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  createdAt: Date;
}

/** An active account with its credentials already set: the demo seeds only. */
export interface ActiveCredentials {
  passwordHash: string;
  totpSecretSealed: Buffer;
}

const COLUMNS = ['id', 'email', 'name', 'role', 'status', 'totp_enrolled_at', 'created_at', 'disabled_at'];

function memberOf(row: Record<string, unknown>): StaffMember {
  return {
    id: row.id as string,
    email: row.email as string,
    name: (row.name as string | null) ?? null,
    role: row.role as StaffRole,
    status: row.status as StaffStatus,
    totpEnrolled: row.totp_enrolled_at !== null,
    createdAt: row.created_at as Date,
    disabledAt: (row.disabled_at as Date | null) ?? null,
  };
}

/** A new member of staff: invited, with no password until the invitation is accepted. */
export async function insertStaffMember(
  trx: Knex.Transaction,
  member: NewStaffMember,
  credentials?: ActiveCredentials,
): Promise<void> {
  await trx('staff').insert({
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    created_at: member.createdAt,
    ...(credentials
      ? {
          status: 'active',
          password_hash: credentials.passwordHash,
          totp_secret_sealed: credentials.totpSecretSealed,
          totp_enrolled_at: member.createdAt,
        }
      : { status: 'invited' }),
  });
}

export async function staffMemberById(
  trx: Knex.Transaction,
  staffId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<StaffMember | undefined> {
  const row = await tenantRows(trx, 'staff')
    .where({ id: staffId })
    .modify((query) => {
      if (lock) query.forUpdate();
    })
    .first(COLUMNS);
  return row ? memberOf(row) : undefined;
}

export async function staffMemberByEmail(trx: Knex.Transaction, email: string): Promise<StaffMember | undefined> {
  const row = await tenantRows(trx, 'staff').where({ email_key: email.toLowerCase() }).first(COLUMNS);
  return row ? memberOf(row) : undefined;
}

/** Everyone on the staff, disabled too, by e-mail. */
export async function staffMembers(trx: Knex.Transaction): Promise<StaffMember[]> {
  const rows = await tenantRows(trx, 'staff').orderBy('email_key').select(COLUMNS);
  return rows.map(memberOf);
}

/**
 * The active managers' ids, locked until commit: two managers disabling each other at once
 * then take turns, and the second sees that the first is gone.
 */
export async function lockActiveManagers(trx: Knex.Transaction): Promise<string[]> {
  const rows = await tenantRows(trx, 'staff')
    .where({ role: 'manager', status: 'active' })
    .orderBy('id')
    .forUpdate()
    .select('id');
  return rows.map((row) => row.id as string);
}

/**
 * A password set from a link: an invited account (`from: 'invited'`) becomes active with its
 * first one, an active account gets a new one. False: the account is no longer in that status.
 */
export async function setStaffPassword(
  trx: Knex.Transaction,
  staffId: string,
  passwordHash: string,
  from: 'invited' | 'active',
): Promise<boolean> {
  const updated = await tenantRows(trx, 'staff')
    .where({ id: staffId, status: from })
    .update({ status: 'active', password_hash: passwordHash });
  return updated > 0;
}

export async function changeStaffRole(trx: Knex.Transaction, staffId: string, role: StaffRole): Promise<void> {
  await tenantRows(trx, 'staff').where({ id: staffId }).update({ role });
}

/** Disabled from now on. False: already disabled. */
export async function disableStaffMember(trx: Knex.Transaction, staffId: string, now: Date): Promise<boolean> {
  const updated = await tenantRows(trx, 'staff')
    .where({ id: staffId })
    .whereNot({ status: 'disabled' })
    .update({ status: 'disabled', disabled_at: now });
  return updated > 0;
}

/** No TOTP any more: the next sign-in enrols again. The counters go with the secret they guarded. */
export async function clearStaffTotp(trx: Knex.Transaction, staffId: string): Promise<void> {
  await tenantRows(trx, 'staff').where({ id: staffId }).update({
    totp_secret_sealed: null,
    totp_enrolled_at: null,
    totp_last_step: null,
    totp_failures: 0,
    totp_locked_until: null,
  });
}

/** What the password step reads: the member and their password hash (none while invited). */
export async function staffCredentialsByEmail(
  trx: Knex.Transaction,
  email: string,
): Promise<{ member: StaffMember; passwordHash: string | null } | undefined> {
  const row = await tenantRows(trx, 'staff')
    .where({ email_key: email.toLowerCase() })
    .first([...COLUMNS, 'password_hash']);
  return row ? { member: memberOf(row), passwordHash: (row.password_hash as string | null) ?? null } : undefined;
}

/** The second factor's state: the sealed secret and the counters that guard it. */
export interface SecondFactorState {
  secretSealed: Buffer | null;
  lastStep: number | null;
  failures: number;
  lockedUntil: Date | null;
}

/** The member's second factor, locked until commit: two codes typed at once take turns. */
export async function secondFactorOf(trx: Knex.Transaction, staffId: string): Promise<SecondFactorState | undefined> {
  const row = await tenantRows(trx, 'staff')
    .where({ id: staffId })
    .forUpdate()
    .first('totp_secret_sealed', 'totp_last_step', 'totp_failures', 'totp_locked_until');
  if (!row) return undefined;
  return {
    secretSealed: (row.totp_secret_sealed as Buffer | null) ?? null,
    lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    failures: row.totp_failures as number,
    lockedUntil: (row.totp_locked_until as Date | null) ?? null,
  };
}

/** A second factor accepted: the counters cleared, and the TOTP step (if it was a code) never accepted again. */
export async function acceptSecondFactor(trx: Knex.Transaction, staffId: string, step?: number): Promise<void> {
  await tenantRows(trx, 'staff')
    .where({ id: staffId })
    .update({ totp_failures: 0, totp_locked_until: null, ...(step === undefined ? {} : { totp_last_step: step }) });
}

/** A wrong second factor counted; with a lock, the count starts again when the lock ends. */
export async function recordSecondFactorFailure(
  trx: Knex.Transaction,
  staffId: string,
  { failures, lockedUntil }: { failures: number; lockedUntil: Date | null },
): Promise<void> {
  await tenantRows(trx, 'staff')
    .where({ id: staffId })
    .update({ totp_failures: failures, totp_locked_until: lockedUntil });
}

/** TOTP enrolled: the sealed secret, when, and the step of the code that proved it (not accepted again). */
export async function enrolStaffTotp(
  trx: Knex.Transaction,
  staffId: string,
  { secretSealed, now, step }: { secretSealed: Buffer; now: Date; step: number },
): Promise<void> {
  await tenantRows(trx, 'staff').where({ id: staffId }).update({
    totp_secret_sealed: secretSealed,
    totp_enrolled_at: now,
    totp_last_step: step,
    totp_failures: 0,
    totp_locked_until: null,
  });
}
