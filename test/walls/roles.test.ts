// Wall 3, the roles: row-level security holds only a role that owns nothing, is no superuser
// and has no BYPASSRLS. The app role (web requests) and the worker role are checked in the
// catalogue, from their own connections, by trying what an attacker with the app's
// connection would try, and through the start-up guard assertRestrictedConnection.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import {
  APP_ROLE,
  assertRestrictedConnection,
  inspectConnection,
  OWNER_ROLE,
  WORKER_ROLE,
} from '../../src/platform/db/roles.ts';
import { useTestDatabase } from '../support/database.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE, withClient } from '../support/connections.ts';
import { GLOBAL_TABLES, APP_WRITABLE_GLOBAL_TABLES } from './tenancy-schema.ts';

const db = useTestDatabase();

const rawOf = (knex: Knex) => (sql: string) => knex.raw<{ rows: unknown[] }>(sql);
const restrictedRoles = [
  { role: APP_ROLE, connection: () => db.current.app },
  { role: WORKER_ROLE, connection: () => db.current.worker },
];

describe.each(restrictedRoles)('the $role role', ({ role, connection }) => {
  it('is no superuser, cannot bypass RLS, create roles or databases', async () => {
    const { rows } = await db.current.owner.raw('SELECT * FROM pg_roles WHERE rolname = ?', [role]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolcanlogin: true,
    });
  });

  it('is the role its connection really runs as, and is restricted there', async () => {
    const { rows } = await connection().raw('SELECT current_user, session_user');
    expect(rows[0]).toEqual({ current_user: role, session_user: role });
    expect(await inspectConnection(rawOf(connection()))).toEqual({
      role,
      superuser: false,
      bypassesRls: false,
      ownedRelations: 0,
    });
  });

  it('owns no relation or schema and belongs to no other role', async () => {
    const { rows } = await db.current.owner.raw(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS relations,
              (SELECT count(*)::int FROM pg_namespace WHERE nspowner = r.oid) AS schemas,
              ARRAY(SELECT o.rolname FROM pg_roles o
                     WHERE o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER') ORDER BY 1)::text[] AS member_of
         FROM pg_roles r WHERE r.rolname = ?`,
      [role],
    );
    expect(rows[0]).toEqual({ relations: 0, schemas: 0, member_of: [] });
  });

  it('may not truncate (which ignores row-level security) nor add triggers to any table', async () => {
    const { rows } = await db.current.owner.raw(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND has_table_privilege(?, c.oid, 'TRUNCATE, TRIGGER, REFERENCES')`,
      [role],
    );
    expect(rows).toEqual([]);
  });

  it('passes the start-up guard', async () => {
    await expect(assertRestrictedConnection(rawOf(connection()))).resolves.toBeUndefined();
  });
});

describe('what the app role’s connection cannot do', () => {
  const refused = (sql: string) => expectSqlState(db.current.app.raw(sql), INSUFFICIENT_PRIVILEGE);

  it('cannot switch row-level security off or loosen it', async () => {
    await refused('ALTER TABLE service_points NO FORCE ROW LEVEL SECURITY');
    await refused('ALTER TABLE opening_hours DISABLE ROW LEVEL SECURITY');
    await refused('DROP POLICY tenant_isolation ON service_points');
  });

  it('cannot become the owner, create tables, or switch off foreign-key triggers', async () => {
    await refused(`SET ROLE ${OWNER_ROLE}`);
    await refused('CREATE TABLE wall_app_table (id int)');
    await refused('SET session_replication_role = replica');
  });

  it('cannot empty a tenant table with TRUNCATE', async () => {
    await refused('TRUNCATE service_points CASCADE');
  });

  it('can read but not change the global tables (but for its rate-limit counters)', async () => {
    await expect(db.current.app.raw('SELECT count(*) FROM tenants')).resolves.toBeTruthy();
    await refused("UPDATE tenants SET name = 'taken over'");
    await refused("INSERT INTO tenant_domains (hostname, tenant_id) VALUES ('evil.example', gen_random_uuid())");
    await refused('DELETE FROM knex_migrations');
    const { rows } = await db.current.owner.raw(
      `SELECT t AS table FROM unnest(?::text[]) AS t
        WHERE has_table_privilege(?, t, 'INSERT, UPDATE, DELETE, TRUNCATE')`,
      [[...GLOBAL_TABLES].filter((table) => !APP_WRITABLE_GLOBAL_TABLES.has(table)), APP_ROLE],
    );
    expect(rows).toEqual([]);
  });
});

describe('assertRestrictedConnection', () => {
  it('refuses the owner’s connection, which owns the tables', async () => {
    await expect(assertRestrictedConnection(rawOf(db.current.owner))).rejects.toThrow(
      /"okienko_owner" owns \d+ tables/,
    );
  });

  it('refuses a superuser connection', async () => {
    await withClient(db.current.adminUrl, async (client) => {
      await expect(assertRestrictedConnection((sql) => client.query(sql))).rejects.toThrow(/is a superuser/);
    });
  });

  // Roles are created in a transaction that is rolled back, so nothing outlives the test.
  it('refuses a role with BYPASSRLS and a role that inherits the owner’s tables', async () => {
    const suffix = randomBytes(4).toString('hex');
    await withClient(db.current.adminUrl, async (client) => {
      const guard = () => assertRestrictedConnection((sql) => client.query(sql));
      await client.query('BEGIN');
      try {
        await client.query(`CREATE ROLE wall_bypass_${suffix} NOLOGIN BYPASSRLS`);
        await client.query(`CREATE ROLE wall_member_${suffix} NOLOGIN IN ROLE ${OWNER_ROLE}`);
        await client.query(`SET LOCAL ROLE wall_bypass_${suffix}`);
        await expect(guard()).rejects.toThrow(/has BYPASSRLS/);
        await client.query(`SET LOCAL ROLE wall_member_${suffix}`);
        await expect(guard()).rejects.toThrow(/owns \d+ tables/);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});
