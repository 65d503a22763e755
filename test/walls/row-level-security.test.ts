// Wall 3, row-level security as the app role meets it: no tenant set means no rows (not an
// error), on a fresh connection and on a pooled one that just served a tenant; inside a
// tenant's transaction nothing of another tenant can be read, written, or moved there.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { hasCitus } from '../../src/platform/db/citus.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput, type CreatedTenant } from '../support/factories.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE, withClient } from '../support/connections.ts';
import { inspectTenancy } from './tenancy-schema.ts';

const db = useTestDatabase();

let tenantA: CreatedTenant;
let tenantB: CreatedTenant;
let deskOfB: string;
/** The app role with a pool of one connection, so the next query surely reuses the last one's connection. */
let single: Knex;

beforeAll(async () => {
  tenantA = await createTenant(db.current.owner, {}, [frontDeskInput(), frontDeskInput()]);
  tenantB = await createTenant(db.current.owner);
  deskOfB = await withClient(db.current.adminUrl, async (client) => {
    const { rows } = await client.query('SELECT id FROM service_points WHERE tenant_id = $1', [tenantB.id]);
    return rows[0].id as string;
  });
  single = createDatabase({ url: db.current.urls.appUrl, poolMax: 1, applicationName: 'wall test single' });
});

afterAll(async () => {
  await single?.destroy();
});

const backendPid = async (knex: Knex): Promise<number> =>
  (await knex.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid;

/** Rows as a superuser sees them: row-level security does not apply, so this is the truth to compare with. */
async function countAsSuperuser(table: string, tenantId?: TenantId): Promise<number> {
  return withClient(db.current.adminUrl, async (client) => {
    const where = tenantId ? ' WHERE tenant_id = $1' : '';
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM "${table}"${where}`,
      tenantId ? [tenantId] : [],
    );
    return rows[0].n as number;
  });
}

describe('with no tenant set, the app role sees no rows (and gets no error)', () => {
  it('on a fresh connection', async () => {
    expect(await countAsSuperuser('service_points')).toBeGreaterThanOrEqual(3);
    expect(await countAsSuperuser('opening_hours')).toBeGreaterThan(0);
    await withClient(db.current.urls.appUrl, async (client) => {
      expect((await client.query('SELECT * FROM service_points')).rows).toEqual([]);
      expect((await client.query('SELECT * FROM opening_hours')).rows).toEqual([]);
    });
  });

  it('on a pooled connection right after a tenant’s transaction committed', async () => {
    const inside = await withTenant(single, tenantA.id, async (trx) => ({
      pid: await backendPid(trx),
      tenants: (await trx('service_points').distinct('tenant_id')).map((row) => row.tenant_id),
    }));
    expect(inside.tenants).toEqual([tenantA.id]);

    expect(await backendPid(single)).toBe(inside.pid);
    expect(await single('service_points').select()).toEqual([]);
    expect(await single('opening_hours').select()).toEqual([]);
    // A transaction opened without a tenant is no different.
    expect(await single.transaction((trx) => trx('service_points').select())).toEqual([]);
  });

  it('on a pooled connection right after a tenant’s transaction rolled back with an error', async () => {
    let pid = 0;
    await expect(
      withTenant(single, tenantA.id, async (trx) => {
        pid = await backendPid(trx);
        expect(await trx('service_points').select()).toHaveLength(2);
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await backendPid(single)).toBe(pid);
    expect(await single('service_points').select()).toEqual([]);
  });

  it('on a pooled connection right after a tenant’s transaction failed inside PostgreSQL', async () => {
    await expect(withTenant(single, tenantA.id, (trx) => trx.raw('SELECT 1 / 0'))).rejects.toMatchObject({
      code: '22012',
    });
    expect(await single('service_points').select()).toEqual([]);
  });
});

describe('inside one tenant’s transaction', () => {
  it('sees only that tenant’s rows, in every tenant table', async () => {
    const { tenantTables } = await inspectTenancy(db.current.owner);
    let checkedRows = 0;
    for (const table of tenantTables) {
      const total = await countAsSuperuser(table);
      const ofA = await countAsSuperuser(table, tenantA.id);
      const seen = await withTenant(db.current.app, tenantA.id, async (trx) => ({
        all: Number((await trx(table).count({ n: '*' }))[0]!.n),
        others: Number((await trx(table).whereNot('tenant_id', tenantA.id).count({ n: '*' }))[0]!.n),
      }));
      const unscoped = Number((await db.current.app(table).count({ n: '*' }))[0]!.n);
      expect({ table, ...seen, unscoped }).toEqual({ table, all: ofA, others: 0, unscoped: 0 });
      if (total > ofA) checkedRows += ofA;
    }
    // Not vacuous: the tables really held rows of both tenants.
    expect(checkedRows).toBeGreaterThan(0);
  });

  it('cannot insert a row for another tenant (WITH CHECK)', async () => {
    const insert = withTenant(db.current.app, tenantA.id, (trx) =>
      trx('service_points').insert({
        tenant_id: tenantB.id,
        name: 'Planted by A',
        street: 'ul. Obca 1',
        postal_code: '00-003',
        city: 'Testowo',
      }),
    );
    await expectSqlState(insert, INSUFFICIENT_PRIVILEGE);
    await expect(insert).rejects.toThrow(/row-level security/);
    expect(await countAsSuperuser('service_points', tenantB.id)).toBe(1);
  });

  it('cannot move one of its rows to another tenant', async () => {
    // Asked first, so the refused update below is awaited as soon as it is made.
    const citus = await hasCitus(db.current.owner);
    const move = withTenant(db.current.app, tenantA.id, (trx) =>
      trx('service_points').update({ tenant_id: tenantB.id }),
    );
    if (citus) {
      // Citus refuses to change a distribution column before row-level security is asked.
      await expect(move).rejects.toThrow(/modifying the partition value of rows is not allowed/);
    } else {
      await expectSqlState(move, INSUFFICIENT_PRIVILEGE);
      await expect(move).rejects.toThrow(/row-level security/);
    }
    expect(await countAsSuperuser('service_points', tenantA.id)).toBe(2);
    expect(await countAsSuperuser('service_points', tenantB.id)).toBe(1);
  });

  it('cannot change or delete another tenant’s row even knowing its id', async () => {
    const touched = await withTenant(db.current.app, tenantA.id, async (trx) => ({
      read: await trx('service_points').where('id', deskOfB).select(),
      updated: await trx('service_points').where('id', deskOfB).update({ name: 'Renamed by A' }),
      deleted: await trx('service_points').where('id', deskOfB).delete(),
    }));
    expect(touched).toEqual({ read: [], updated: 0, deleted: 0 });
    await withClient(db.current.adminUrl, async (client) => {
      const { rows } = await client.query('SELECT name FROM service_points WHERE id = $1', [deskOfB]);
      expect(rows).toEqual([{ name: tenantB.desks[0]!.name }]);
    });
  });
});
