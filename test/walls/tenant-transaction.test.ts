// Wall 2 meets wall 3: withTenant() sets app.tenant_id for its transaction alone, so a pooled
// connection never carries a tenant into the next request, and only a well-formed UUID can
// reach the BEGIN/SET LOCAL statement it builds.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asTenantId,
  createDatabase,
  withTenant,
  type TenantId,
} from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';

const db = useTestDatabase();

let tenantA: CreatedTenant;
let tenantB: CreatedTenant;
/** The app role with a pool of one connection: every query below runs on the same connection. */
let single: Knex;

beforeAll(async () => {
  tenantA = await createTenant(db.current.owner);
  tenantB = await createTenant(db.current.owner);
  single = createDatabase({ url: db.current.urls.appUrl, poolMax: 1, applicationName: 'wall test single' });
});

afterAll(async () => {
  await single?.destroy();
});

interface Setting {
  tenant: string | null;
  pid: number;
}

async function setting(knex: Knex): Promise<Setting> {
  const { rows } = await knex.raw("SELECT current_setting('app.tenant_id', true) AS tenant, pg_backend_pid() AS pid");
  return rows[0];
}

/** After a transaction the setting reads as '' (it once existed on the connection) or null (never did). */
const UNSET = [null, ''];

describe('withTenant()', () => {
  it('sets the tenant inside its transaction and nowhere after it commits', async () => {
    const inside = await withTenant(single, tenantA.id, (trx) => setting(trx));
    expect(inside.tenant).toBe(tenantA.id);
    const after = await setting(single);
    expect(after.pid).toBe(inside.pid);
    expect(UNSET).toContain(after.tenant);
  });

  it('leaves nothing behind after a rollback either', async () => {
    let inside: Setting | undefined;
    await expect(
      withTenant(single, tenantB.id, async (trx) => {
        inside = await setting(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(inside?.tenant).toBe(tenantB.id);
    const after = await setting(single);
    expect(after.pid).toBe(inside?.pid);
    expect(UNSET).toContain(after.tenant);
  });

  it('gives each of two transactions in a row on one connection its own tenant', async () => {
    const first = await withTenant(single, tenantA.id, (trx) => setting(trx));
    const second = await withTenant(single, tenantB.id, (trx) => setting(trx));
    expect(second.pid).toBe(first.pid);
    expect([first.tenant, second.tenant]).toEqual([tenantA.id, tenantB.id]);
  });

  it('refuses to switch tenants inside an open transaction instead of silently keeping the first', async () => {
    await expect(
      withTenant(db.current.app, tenantA.id, (trx) => withTenant(trx, tenantB.id, (inner) => setting(inner))),
    ).rejects.toThrow(/cannot change the tenant of an open transaction/);
    // Nesting for the same tenant is harmless and still works.
    const nested = await withTenant(db.current.app, tenantA.id, (trx) =>
      withTenant(trx, tenantA.id, (inner) => setting(inner)),
    );
    expect(nested.tenant).toBe(tenantA.id);
  });
});

describe('asTenantId()', () => {
  const valid = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('accepts a lower-case UUID', () => {
    expect(asTenantId(valid)).toBe(valid);
  });

  it.each([
    '',
    'not-a-uuid',
    valid.toUpperCase(),
    ` ${valid}`,
    `${valid}\n`,
    `${valid}'`,
    `${valid}', true); DROP TABLE tenants; --`,
    `x', true); SELECT set_config('app.tenant_id', '${valid}', false); --`,
  ])('rejects %j', (value) => {
    expect(() => asTenantId(value)).toThrow('tenant id must be a lower-case UUID');
  });

  it('guards the statement even when a string is cast to TenantId, and sends no SQL', async () => {
    const forged = `${tenantA.id}', false); DROP TABLE tenants; --` as TenantId;
    const sent: string[] = [];
    const record = (query: { sql: string }) => sent.push(query.sql);
    single.on('query', record);
    try {
      await expect(withTenant(single, forged, (trx) => setting(trx))).rejects.toThrow(
        'tenant id must be a lower-case UUID',
      );
    } finally {
      single.off('query', record);
    }
    expect(sent).toEqual([]);
    // The connection went back to the pool in good order (a leak would time out here) and nothing ran.
    const after = await setting(single);
    expect(UNSET).toContain(after.tenant);
    expect((await single('tenants').count({ n: '*' }))[0]!.n).toBe('2');
  });
});
