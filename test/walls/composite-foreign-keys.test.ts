// Wall 3, the keys: foreign-key checks ignore row-level security, so only a foreign key that
// includes tenant_id stops a row of tenant B from pointing at a row of tenant A. These
// inserts run as roles for which RLS would allow them, so the refusal can only be the key's.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { hasCitus } from '../../src/platform/db/citus.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { expectSqlState, FOREIGN_KEY_VIOLATION, withClient } from '../support/connections.ts';

const db = useTestDatabase();
const HOURS_TO_DESK = 'opening_hours_tenant_id_service_point_id_foreign';

let tenantA: CreatedTenant;
let tenantB: CreatedTenant;
let deskOfA: string;
let deskOfB: string;

beforeAll(async () => {
  tenantA = await createTenant(db.current.owner);
  tenantB = await createTenant(db.current.owner);
  [deskOfA, deskOfB] = await withClient(db.current.adminUrl, async (client) => {
    const desk = async (tenantId: TenantId) =>
      (await client.query('SELECT id FROM service_points WHERE tenant_id = $1', [tenantId])).rows[0].id as string;
    return [await desk(tenantA.id), await desk(tenantB.id)];
  });
});

const hoursRow = (tenantId: TenantId, servicePointId: string) => ({
  tenant_id: tenantId,
  service_point_id: servicePointId,
  weekday: 6,
  opens: '09:00',
  closes: '12:00',
});

describe('opening hours of tenant B pointing at a front desk of tenant A', () => {
  it('are refused to a superuser, for whom row-level security does not apply', async () => {
    await withClient(db.current.adminUrl, async (client) => {
      const insert = (tenantId: TenantId, deskId: string) =>
        client.query(
          `INSERT INTO opening_hours (tenant_id, service_point_id, weekday, opens, closes) VALUES ($1, $2, 6, '09:00', '12:00')`,
          [tenantId, deskId],
        );
      // RLS really is out of the way: both tenants' desks are visible with no tenant set.
      const { rows } = await client.query('SELECT count(DISTINCT tenant_id)::int AS n FROM service_points');
      expect(rows[0].n).toBeGreaterThanOrEqual(2);

      await client.query('BEGIN');
      try {
        // The same insert for the desk's own tenant goes through, so nothing else is in the way.
        await insert(tenantA.id, deskOfA);
        // (On Citus the error comes from the worker's shard: the constraint is named in the
        // message, with the shard's suffix, not in the field.)
        await expect(insert(tenantB.id, deskOfA)).rejects.toMatchObject({
          code: FOREIGN_KEY_VIOLATION,
          message: expect.stringContaining(HOURS_TO_DESK),
        });
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });

  it('are refused to the owner with tenant B set, which row-level security would let through', async () => {
    await expectSqlState(
      withTenant(db.current.owner, tenantB.id, (trx) => trx('opening_hours').insert(hoursRow(tenantB.id, deskOfA))),
      FOREIGN_KEY_VIOLATION,
    );
  });

  it('are refused to the app role, by insert or by pointing an existing row elsewhere', async () => {
    await expectSqlState(
      withTenant(db.current.app, tenantB.id, (trx) => trx('opening_hours').insert(hoursRow(tenantB.id, deskOfA))),
      FOREIGN_KEY_VIOLATION,
    );
    await expectSqlState(
      withTenant(db.current.app, tenantB.id, (trx) =>
        trx('opening_hours').where('service_point_id', deskOfB).update({ service_point_id: deskOfA }),
      ),
      FOREIGN_KEY_VIOLATION,
    );
  });

  // The control: with the single-column key a careless migration might write, the same
  // insert as the owner with tenant B set goes through. Row-level security alone does not help.
  it('would be accepted with a foreign key on service_point_id alone (Citus refuses to build one)', async () => {
    const citus = await hasCitus(db.current.owner);
    const trx = await db.current.owner.transaction();
    try {
      const singleColumnKey = trx.raw(`
        ALTER TABLE opening_hours DROP CONSTRAINT ${HOURS_TO_DESK};
        CREATE UNIQUE INDEX wall_service_points_id ON service_points (id);
        ALTER TABLE opening_hours ADD FOREIGN KEY (service_point_id) REFERENCES service_points (id)`);
      if (citus) {
        // A key without the distribution column cannot even be made: the wall is Citus's too.
        await expect(singleColumnKey).rejects.toThrow(/unique indexes on non-partition columns/);
        return;
      }
      await singleColumnKey;
      await trx.raw("SELECT set_config('app.tenant_id', ?, true)", [tenantB.id]);
      await expect(trx('opening_hours').insert(hoursRow(tenantB.id, deskOfA))).resolves.toBeTruthy();
    } finally {
      await trx.rollback();
    }
  });
});
