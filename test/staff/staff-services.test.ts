// The staff services against a real database, as the app role runs them: inviting (one e-mail
// once per tenant, the same one at two tenants), the invitation link (single use, expiry on the
// controllable clock, the password rules), disabling and resetting TOTP (sessions gone from the
// store and every process told), the last-manager rule, and the policy in force for staff actors.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { SESSIONS_CHANGED_CHANNEL } from '../../src/platform/sessions/session-cache.ts';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import {
  acceptInvitation,
  changeRole,
  completePasswordReset,
  createStaff,
  disableStaff,
  invitationLink,
  issuePasswordLink,
  listStaff,
  resetTotp,
  STAFF_LINK_LIFETIME_MS,
  staffLink,
  type StaffDeps,
} from '../../src/features/staff/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { loadedRegistry } from '../support/mail.ts';
import { eventually } from '../support/polling.ts';
import { expectSqlState, CHECK_VIOLATION } from '../support/connections.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));
let deps: StaffDeps;
let tenantA: Tenant;
let tenantB: Tenant;
let listener: pg.Client;
const notices: string[] = [];

const PASSWORD = 'a long staff passphrase 2026';

beforeAll(async () => {
  const a = await createTenant(db.current.owner, { slug: 'staff-a' });
  const b = await createTenant(db.current.owner, { slug: 'staff-b', domains: ['portal.staff-b.example.pl'] });
  const registry = await loadedRegistry(db.current);
  tenantA = registry.findById(a.id)!;
  tenantB = registry.findById(b.id)!;
  deps = { db: db.current.app, clock };
  listener = new pg.Client({ connectionString: db.current.urls.appUrl });
  await listener.connect();
  listener.on('notification', (message) => notices.push(message.payload ?? ''));
  await listener.query(`LISTEN ${SESSIONS_CHANGED_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
});

const operator = (tenant: Tenant): ServiceContext => ({ tenant, actor: { kind: 'operator' }, requestId: 'test' });
// Every one claims the manager's role: what a member may do is judged from their row (mayAct),
// so a clerk's claim to be a manager, or a stale one, changes nothing.
const asStaff = (tenant: Tenant, staffId: string): ServiceContext => ({
  tenant,
  actor: { kind: 'staff', staffId, role: 'manager' },
  requestId: 'test',
});

let counter = 0;
async function invited(tenant: Tenant, role: 'clerk' | 'manager' = 'clerk', email?: string) {
  counter += 1;
  const outcome = await createStaff(deps, operator(tenant), {
    email: email ?? `person${counter}@example.org`,
    name: `Person Number${counter}`,
    role,
  });
  if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`);
  return outcome;
}

async function active(tenant: Tenant, role: 'clerk' | 'manager' = 'clerk') {
  const { staff, invitationToken } = await invited(tenant, role);
  const accepted = await acceptInvitation(deps, operator(tenant), { token: invitationToken, password: PASSWORD });
  expect(accepted.kind).toBe('set');
  return staff;
}

const signedIn = (tenant: Tenant, staffId: string) =>
  mintSignedInSession({
    db: db.current.app,
    tenant,
    user: { id: staffId, name: 'Staff', kind: 'staff' },
    secret: 'test secret',
    clock,
  });

const staffRow = (tenant: Tenant, id: string) =>
  withTenant(db.current.owner, tenant.id, (trx) => trx('staff').where({ id }).first());
const sessionsOf = (tenant: Tenant, id: string) =>
  withTenant(db.current.owner, tenant.id, (trx) => trx('sessions').where({ user_id: id }).select('sid'));

describe('createStaff', () => {
  it('invites: no password, an invitation token whose hash alone is stored', async () => {
    const { staff, invitationToken } = await invited(tenantA, 'manager', 'Kierownik@Example.org');
    expect(staff).toMatchObject({ email: 'Kierownik@Example.org', role: 'manager', status: 'invited' });
    const row = await staffRow(tenantA, staff.id);
    expect(row).toMatchObject({ password_hash: null, totp_secret_sealed: null, email_key: 'kierownik@example.org' });
    const tokens = await withTenant(db.current.owner, tenantA.id, (trx) =>
      trx('staff_tokens').where({ staff_id: staff.id }).select('purpose', 'token_hash'),
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0].purpose).toBe('invitation');
    expect(tokens[0].token_hash.toString('base64url')).not.toBe(invitationToken);
  });

  it('refuses an e-mail already on the staff, whatever its case; another tenant may have it', async () => {
    await invited(tenantA, 'clerk', 'same.person@example.org');
    const again = await createStaff(deps, operator(tenantA), { email: 'SAME.person@example.org', role: 'manager' });
    expect(again).toEqual({ kind: 'emailTaken' });
    const elsewhere = await createStaff(deps, operator(tenantB), { email: 'same.person@example.org', role: 'clerk' });
    expect(elsewhere.kind).toBe('created');
  });

  it('answers two simultaneous invitations of one address with one created and one taken', async () => {
    const both = await Promise.all(
      [0, 1].map(() => createStaff(deps, operator(tenantA), { email: 'race@example.org', role: 'clerk' })),
    );
    expect(both.map((outcome) => outcome.kind).sort()).toEqual(['created', 'emailTaken']);
  });
});

describe('the invitation link', () => {
  it('is absolute: under PUBLIC_URL with the slug, or on the tenant’s own domain', () => {
    expect(invitationLink('https://okienko.example.pl/', tenantA, 'T0K')).toBe(
      'https://okienko.example.pl/staff-a/admin/invitation?token=T0K',
    );
    expect(invitationLink('https://okienko.example.pl', tenantB, 'T0K')).toBe(
      'https://portal.staff-b.example.pl/admin/invitation?token=T0K',
    );
    expect(staffLink('https://okienko.example.pl', tenantA, 'password_reset', 'T0K')).toBe(
      'https://okienko.example.pl/staff-a/admin/password-reset?token=T0K',
    );
  });

  it('sets the first password once: the second use finds it used', async () => {
    const { staff, invitationToken } = await invited(tenantA);
    const first = await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD });
    expect(first).toEqual({ kind: 'set', staffId: staff.id, sessionsEnded: 0 });
    const row = await staffRow(tenantA, staff.id);
    expect(row.status).toBe('active');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const second = await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD });
    expect(second).toEqual({ kind: 'problem', problem: 'used' });
  });

  it('expires after its lifetime, and is unknown at another tenant', async () => {
    const { invitationToken } = await invited(tenantA);
    expect(await acceptInvitation(deps, operator(tenantB), { token: invitationToken, password: PASSWORD })).toEqual({
      kind: 'problem',
      problem: 'unknown',
    });
    clock.advance(STAFF_LINK_LIFETIME_MS.invitation);
    try {
      expect(await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD })).toEqual({
        kind: 'problem',
        problem: 'expired',
      });
    } finally {
      clock.advance(-STAFF_LINK_LIFETIME_MS.invitation);
    }
  });

  it('refuses a password the rules refuse, and the link still works afterwards', async () => {
    const { invitationToken } = await invited(tenantA);
    const weak = await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: 'short' });
    expect(weak.kind).toBe('weakPassword');
    const personal = await acceptInvitation(deps, operator(tenantA), {
      token: invitationToken,
      password: `number${counter} is my long password`,
    });
    expect(personal).toMatchObject({ kind: 'weakPassword', problems: [{ key: 'password:personal' }] });
    expect((await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD })).kind).toBe(
      'set',
    );
  });

  it('stops working once the person is disabled', async () => {
    const { staff, invitationToken } = await invited(tenantA);
    expect((await disableStaff(deps, operator(tenantA), { staffId: staff.id })).kind).toBe('disabled');
    expect(await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD })).toEqual({
      kind: 'problem',
      problem: 'used',
    });
  });
});

describe('disableStaff and resetTotp', () => {
  it('disables: the row says since when, the staff session is gone and every process is told', async () => {
    const staff = await active(tenantA);
    const { sid } = await signedIn(tenantA, staff.id);
    expect(await sessionsOf(tenantA, staff.id)).toEqual([{ sid }]);
    const outcome = await disableStaff(deps, operator(tenantA), { staffId: staff.id });
    expect(outcome).toMatchObject({ kind: 'disabled', sessionsEnded: 1 });
    expect(await staffRow(tenantA, staff.id)).toMatchObject({ status: 'disabled', disabled_at: clock.now() });
    expect(await sessionsOf(tenantA, staff.id)).toEqual([]);
    await eventually(async () => expect(notices).toContain(staff.id));
    expect(await disableStaff(deps, operator(tenantA), { staffId: staff.id })).toEqual({ kind: 'alreadyDisabled' });
  });

  it('resets TOTP: secret, enrolment, counters and recovery codes gone, sessions ended', async () => {
    const staff = await active(tenantA);
    await withTenant(db.current.owner, tenantA.id, async (trx) => {
      await trx('staff')
        .where({ id: staff.id })
        .update({
          totp_secret_sealed: Buffer.from('sealed'),
          totp_enrolled_at: clock.now(),
          totp_last_step: 42,
          totp_failures: 2,
        });
      await trx('staff_recovery_codes').insert([
        { staff_id: staff.id, code_hash: 'one' },
        { staff_id: staff.id, code_hash: 'two' },
      ]);
    });
    const { sid } = await signedIn(tenantA, staff.id);
    expect(await sessionsOf(tenantA, staff.id)).toEqual([{ sid }]);
    expect(await resetTotp(deps, operator(tenantA), { staffId: staff.id })).toEqual({
      kind: 'reset',
      sessionsEnded: 1,
    });
    expect(await staffRow(tenantA, staff.id)).toMatchObject({
      status: 'active',
      totp_secret_sealed: null,
      totp_enrolled_at: null,
      totp_last_step: null,
      totp_failures: 0,
    });
    const codes = await withTenant(db.current.owner, tenantA.id, (trx) =>
      trx('staff_recovery_codes').where({ staff_id: staff.id }),
    );
    expect(codes).toEqual([]);
    expect(await sessionsOf(tenantA, staff.id)).toEqual([]);
    await eventually(async () => expect(notices).toContain(staff.id));
  });

  it('finds nobody of another tenant', async () => {
    const staff = await active(tenantB);
    expect(await disableStaff(deps, operator(tenantA), { staffId: staff.id })).toEqual({ kind: 'notFound' });
    expect(await resetTotp(deps, operator(tenantA), { staffId: staff.id })).toEqual({ kind: 'notFound' });
    expect((await staffRow(tenantB, staff.id)).status).toBe('active');
  });
});

describe('a password reset link', () => {
  it('replaces the password and ends the sessions; for someone still invited it is a new invitation', async () => {
    const staff = await active(tenantA);
    const link = await issuePasswordLink(deps, operator(tenantA), { staffId: staff.id });
    if (link.kind !== 'issued') throw new Error(link.kind);
    expect(link.purpose).toBe('password_reset');
    const before = (await staffRow(tenantA, staff.id)).password_hash;
    await signedIn(tenantA, staff.id);
    const reset = await completePasswordReset(deps, operator(tenantA), {
      token: link.token,
      password: 'another long passphrase 77',
    });
    expect(reset).toEqual({ kind: 'set', staffId: staff.id, sessionsEnded: 1 });
    expect(await sessionsOf(tenantA, staff.id)).toEqual([]);
    expect((await staffRow(tenantA, staff.id)).password_hash).not.toBe(before);

    const { staff: newcomer, invitationToken } = await invited(tenantA);
    const renewed = await issuePasswordLink(deps, operator(tenantA), { staffId: newcomer.id });
    expect(renewed).toMatchObject({ kind: 'issued', purpose: 'invitation' });
    // The newer invitation voids the older.
    expect(await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD })).toEqual({
      kind: 'problem',
      problem: 'used',
    });
  });
});

describe('the policy in force', () => {
  it('lets a manager run the staff and refuses a clerk, a disabled manager and a client', async () => {
    const tenant = tenantB;
    const manager = await active(tenant, 'manager');
    const clerk = await active(tenant, 'clerk');
    expect((await listStaff(deps, asStaff(tenant, manager.id))).kind).toBe('listed');
    expect(await listStaff(deps, asStaff(tenant, clerk.id))).toEqual({ kind: 'forbidden' });
    expect(await disableStaff(deps, asStaff(tenant, clerk.id), { staffId: manager.id })).toEqual({ kind: 'forbidden' });
    expect(await createStaff(deps, asStaff(tenant, clerk.id), { email: 'x@example.org', role: 'manager' })).toEqual({
      kind: 'forbidden',
    });
    const client: ServiceContext = { tenant, actor: { kind: 'client', clientId: clerk.id }, requestId: 't' };
    expect(await listStaff(deps, client)).toEqual({ kind: 'forbidden' });
    // A manager of tenant B is nobody at tenant A.
    expect(await listStaff(deps, asStaff(tenantA, manager.id))).toEqual({ kind: 'forbidden' });
    expect((await changeRole(deps, asStaff(tenant, manager.id), { staffId: clerk.id, role: 'manager' })).kind).toBe(
      'changed',
    );
    expect((await disableStaff(deps, asStaff(tenant, clerk.id), { staffId: manager.id })).kind).toBe('disabled');
    expect(await listStaff(deps, asStaff(tenant, manager.id))).toEqual({ kind: 'forbidden' });
  });

  it('keeps a manager: the last one may neither disable nor demote themselves; the operator may', async () => {
    const { id: tenantId } = await createTenant(db.current.owner, { slug: 'staff-c' });
    const tenant = (await loadedRegistry(db.current)).findById(tenantId)!;
    const only = await active(tenant, 'manager');
    expect(await disableStaff(deps, asStaff(tenant, only.id), { staffId: only.id })).toEqual({ kind: 'lastManager' });
    expect(await changeRole(deps, asStaff(tenant, only.id), { staffId: only.id, role: 'clerk' })).toEqual({
      kind: 'lastManager',
    });
    const second = await active(tenant, 'manager');
    expect(await changeRole(deps, asStaff(tenant, only.id), { staffId: only.id, role: 'clerk' })).toEqual({
      kind: 'changed',
      activeManagers: 1,
    });
    expect(await disableStaff(deps, operator(tenant), { staffId: second.id })).toMatchObject({
      kind: 'disabled',
      activeManagers: 0,
    });
  });
});

describe('the table’s checks', () => {
  it('make an active account without a password and a disabled one without a date impossible', async () => {
    const { staff } = await invited(tenantA);
    await expectSqlState(
      withTenant(db.current.owner, tenantA.id, (trx) =>
        trx('staff').where({ id: staff.id }).update({ status: 'active' }),
      ),
      CHECK_VIOLATION,
    );
    await expectSqlState(
      withTenant(db.current.owner, tenantA.id, (trx) =>
        trx('staff').where({ id: staff.id }).update({ status: 'disabled' }),
      ),
      CHECK_VIOLATION,
    );
  });

  describe('the audit log', () => {
    const auditRows = (tenant: Tenant, staffId: string) =>
      withTenant(db.current.app, tenant.id, (trx) =>
        trx('audit_log')
          .where({ subject_kind: 'staff', subject_id: staffId })
          .orderBy('occurred_at')
          .select('action', 'actor_kind', 'actor_id', 'actor_role', 'changes'),
      );

    it('records each change to a member of staff once, with who made it, and nothing refused', async () => {
      const manager = await active(tenantA, 'manager');
      const { staff: clerk, invitationToken } = await invited(tenantA, 'clerk');
      expect(await auditRows(tenantA, clerk.id)).toEqual([
        {
          action: 'staff.invited',
          actor_kind: 'operator',
          actor_id: null,
          actor_role: null,
          changes: { email: [null, clerk.email], name: [null, clerk.name], role: [null, 'clerk'] },
        },
      ]);
      await acceptInvitation(deps, operator(tenantA), { token: invitationToken, password: PASSWORD });
      const asManager = asStaff(tenantA, manager.id);
      await changeRole(deps, asManager, { staffId: clerk.id, role: 'manager' });
      await resetTotp(deps, asManager, { staffId: clerk.id });
      await disableStaff(deps, asManager, { staffId: clerk.id });
      // Refused: already disabled, so nothing changes and nothing is recorded.
      expect((await disableStaff(deps, asManager, { staffId: clerk.id })).kind).toBe('alreadyDisabled');
      const rows = await auditRows(tenantA, clerk.id);
      expect(rows.map((row) => [row.action, row.actor_kind, row.actor_id])).toEqual([
        ['staff.invited', 'operator', null],
        ['staff.invitation_accepted', 'staff', clerk.id],
        ['staff.role_changed', 'staff', manager.id],
        ['staff.totp_reset', 'staff', manager.id],
        ['staff.disabled', 'staff', manager.id],
      ]);
      expect(rows[2]!.changes).toEqual({ role: ['clerk', 'manager'] });
      // A clerk's attempt is refused and leaves no row.
      const { staff: other } = await invited(tenantA, 'clerk');
      const before = (await auditRows(tenantA, other.id)).length;
      expect((await disableStaff(deps, asStaff(tenantA, clerk.id), { staffId: other.id })).kind).toBe('forbidden');
      expect(await auditRows(tenantA, other.id)).toHaveLength(before);
    });
  });
});
