// The audit log is append-only in the database itself (migration 20261208000100): the app role
// may only add and read rows, the owner's mistakes are refused by a trigger, and the worker's
// purge may delete only what is past the tenant's retention. Runs on the Citus cluster too,
// where the trigger fires on the shards.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { recordAudit } from '../../src/platform/audit/record.ts';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../src/platform/audit/settings.ts';
import { startHousekeeping } from '../../src/platform/jobs/housekeeping.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { PURGES } from '../../src/features/index.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase();

const manager = { kind: 'staff', staffId: crypto.randomUUID(), role: 'manager' } as const;
const APPEND_ONLY = /audit_log is append-only/;

async function auditedTenant(): Promise<TenantId> {
  const { id } = await createTenant(db.current.owner);
  await withTenant(db.current.app, id, (trx) =>
    recordAudit(
      trx,
      { actor: manager, requestId: 'wall' },
      {
        action: 'client.email_changed',
        subject: { kind: 'client', id: crypto.randomUUID() },
        changes: { email: ['a@example.test', 'b@example.test'] },
      },
    ),
  );
  return id;
}

/** A row written as the owner `daysAgo` days before the database's now (the app may not set the time). */
async function rowAged(tenant: TenantId, daysAgo: number): Promise<string> {
  return withTenant(db.current.owner, tenant, async (trx) => {
    const [row] = await trx('audit_log')
      .insert({
        occurred_at: trx.raw('now() - make_interval(days => ?)', [daysAgo]),
        actor_kind: 'operator',
        action: 'tenant.settings_changed',
        subject_kind: 'tenant',
        subject_id: tenant,
        request_id: `aged-${daysAgo}`,
      })
      .returning('id');
    return row.id as string;
  });
}

const idsOf = (tenant: TenantId): Promise<string[]> =>
  withTenant(db.current.owner, tenant, (trx) => trx('audit_log').orderBy('id').pluck('id'));

describe('the audit log, for the app role', () => {
  it('refuses UPDATE, DELETE and TRUNCATE by its grants (42501)', async () => {
    const tenant = await auditedTenant();
    const asApp = (sql: string) => withTenant(db.current.app, tenant, (trx) => trx.raw(sql));
    await expectSqlState(asApp("UPDATE audit_log SET action = 'client.viewed'"), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(asApp('DELETE FROM audit_log'), INSUFFICIENT_PRIVILEGE);
    await expectSqlState(asApp('TRUNCATE audit_log'), INSUFFICIENT_PRIVILEGE);
    expect(await idsOf(tenant)).toHaveLength(1);
  });

  it('cannot choose when an entry happened, so cannot backdate one into the purge’s reach', async () => {
    const tenant = await auditedTenant();
    const { rows } = await db.current.owner.raw<{ rows: { now: Date }[] }>('SELECT now()');
    await withTenant(db.current.app, tenant, (trx) =>
      trx('audit_log').insert({
        occurred_at: new Date('2000-01-01T00:00:00Z'),
        actor_kind: 'operator',
        action: 'tenant.settings_changed',
        subject_kind: 'tenant',
        subject_id: tenant,
        request_id: 'backdated',
      }),
    );
    const stored = await withTenant(db.current.owner, tenant, (trx) =>
      trx('audit_log').where({ request_id: 'backdated' }).first('occurred_at'),
    );
    expect(stored.occurred_at.getTime()).toBeGreaterThanOrEqual(rows[0]!.now.getTime() - 1);
  });

  it('cannot store eleven digits in a row, even bypassing recordAudit', async () => {
    const tenant = await auditedTenant();
    const insert = (changes: object, requestId = 'raw') =>
      withTenant(db.current.app, tenant, (trx) =>
        trx('audit_log').insert({
          actor_kind: 'operator',
          action: 'client.viewed',
          subject_kind: 'client',
          subject_id: crypto.randomUUID(),
          changes: JSON.stringify(changes),
          request_id: requestId,
        }),
      );
    await expectSqlState(insert({ note: ['', 'PESEL 44051401359'] }), '23514');
    await expectSqlState(insert({}, 'req-44051401359'), '23514');
  });
});

// Inside the tenant's transaction: row-level security binds the owner too, and an UPDATE of no
// visible row would fire no trigger and prove nothing.
const asOwner = (tenant: TenantId, sql: string) => withTenant(db.current.owner, tenant, (trx) => trx.raw(sql));

describe('the audit log, for the owner role (which the grants do not bind)', () => {
  it('refuses UPDATE, DELETE and TRUNCATE by the trigger', async () => {
    const tenant = await auditedTenant();
    await expect(asOwner(tenant, "UPDATE audit_log SET action = 'client.viewed'")).rejects.toThrow(APPEND_ONLY);
    await expect(asOwner(tenant, 'DELETE FROM audit_log')).rejects.toThrow(APPEND_ONLY);
    await expect(asOwner(tenant, 'TRUNCATE audit_log')).rejects.toThrow(APPEND_ONLY);
    expect(await idsOf(tenant)).toHaveLength(1);
  });

  it('cannot delete a tenant that has an audit log', async () => {
    const tenant = await auditedTenant();
    await expectSqlState(db.current.owner('tenants').where({ id: tenant }).delete(), '23503');
  });
});

describe('the audit log, for the worker role', () => {
  const setRetention = (tenant: TenantId, days: number | undefined) =>
    db.current.owner.raw(
      days === undefined
        ? `UPDATE tenants SET settings = settings - 'audit' WHERE id = ?`
        : `UPDATE tenants SET settings = jsonb_set(settings, '{audit}', jsonb_build_object('retentionDays', ?::int)) WHERE id = ?`,
      days === undefined ? [tenant] : [days, tenant],
    );

  it('may not update a row, nor delete one within its retention', async () => {
    const tenant = await auditedTenant();
    const young = await rowAged(tenant, DEFAULT_AUDIT_RETENTION_DAYS - 1);
    await expectSqlState(db.current.worker.raw("UPDATE audit_log SET request_id = 'x'"), INSUFFICIENT_PRIVILEGE);
    await expect(db.current.worker('audit_log').where({ tenant_id: tenant, id: young }).delete()).rejects.toThrow(
      APPEND_ONLY,
    );
    expect(await idsOf(tenant)).toContain(young);
  });

  it('purges exactly the rows past each tenant’s retention, its own setting or the default', async () => {
    const [short, standard] = [await auditedTenant(), await auditedTenant()];
    await setRetention(short, 400);
    // A tenant written before the setting existed has none stored: the default applies.
    await setRetention(standard, undefined);
    const due = [await rowAged(short, 401), await rowAged(standard, DEFAULT_AUDIT_RETENTION_DAYS + 1)];
    const kept = [
      await rowAged(short, 399),
      await rowAged(standard, DEFAULT_AUDIT_RETENTION_DAYS - 1),
      await rowAged(standard, 401),
    ];
    const before = [...(await idsOf(short)), ...(await idsOf(standard))];
    expect(before).toEqual(expect.arrayContaining([...due, ...kept]));
    // What the worker may delete, the owner still may not.
    await expect(asOwner(short, 'DELETE FROM audit_log')).rejects.toThrow(APPEND_ONLY);

    const { rows } = await db.current.owner.raw<{ rows: { now: Date }[] }>('SELECT now()');
    // A worker whose clock runs ahead of the database's still deletes only what the database allows.
    for (const clockAt of [rows[0]!.now, new Date(rows[0]!.now.getTime() + 30 * 24 * 3_600_000)]) {
      const housekeeping = startHousekeeping({
        purges: PURGES,
        db: db.current.worker,
        clock: controllableClock(clockAt),
        logger: createLogger('silent'),
      });
      const purged = await housekeeping.runOnce();
      await housekeeping.stop();
      expect(purged.auditLog).toBe(clockAt === rows[0]!.now ? 2 : 0);
    }
    const after = [...(await idsOf(short)), ...(await idsOf(standard))];
    expect(after.sort()).toEqual(before.filter((id) => !due.includes(id)).sort());
  });
});
