// The schema as Citus holds it: every table distributed (tenant tables on tenant_id, all in one
// co-location group) or a reference table, the functions that take a tenant delegated to its
// worker, and a process that refuses to start on a cluster where that is not so.
import { describe, expect, it } from 'vitest';
import {
  assertCitusReady,
  citusProblems,
  COORDINATOR_TABLES,
  DISTRIBUTED_BY_OTHER_COLUMN,
  hasCitus,
  REFERENCE_TABLES,
} from '../../src/platform/db/citus.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

interface Placement {
  table: string;
  method: string | null;
  replication: string | null;
  column: string | null;
  colocation: number | null;
  hasTenant: boolean;
}

async function tables(): Promise<Placement[]> {
  const { rows } = await db.current.owner.raw<{ rows: Placement[] }>(
    `SELECT c.relname AS table, p.partmethod AS method, p.repmodel AS replication, p.colocationid AS colocation,
            CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS column,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id') AS "hasTenant"
       FROM pg_class c LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  return rows;
}

describe('the schema on Citus', () => {
  it('runs on a cluster: the extension, and two active workers', async () => {
    expect(await hasCitus(db.current.owner)).toBe(true);
    const { rows } = await db.current.owner.raw<{ rows: { workers: number }[] }>(
      "SELECT count(*)::int AS workers FROM pg_dist_node WHERE isactive AND noderole = 'primary' AND groupid <> 0",
    );
    expect(rows[0]!.workers).toBe(2);
  });

  it('holds every table as distributed or reference; tenant tables on tenant_id, co-located', async () => {
    const all = await tables();
    const clients = all.find((t) => t.table === 'clients')!;
    expect(clients).toMatchObject({ method: 'h', column: 'tenant_id' });
    for (const table of all) {
      if ((COORDINATOR_TABLES as readonly string[]).includes(table.table)) continue;
      if ((REFERENCE_TABLES as readonly string[]).includes(table.table)) {
        expect(table, table.table).toMatchObject({ method: 'n', replication: 't' });
      } else if (table.hasTenant) {
        expect(table, table.table).toMatchObject({ method: 'h', column: 'tenant_id', colocation: clients.colocation });
      } else {
        expect(table, table.table).toMatchObject({ method: 'h', column: DISTRIBUTED_BY_OTHER_COLUMN[table.table] });
      }
    }
    expect(all.map((t) => t.table)).toEqual(expect.arrayContaining(['sessions', 'mail_outbox', 'sign_in_events']));
    expect(await citusProblems(db.current.app)).toEqual([]);
  });

  it('delegates every one-statement function that takes a tenant to the tenant’s worker', async () => {
    const { rows } = await db.current.owner.raw<{ rows: { name: string; argument: number | null }[] }>(
      `SELECT p.proname AS name, o.distribution_argument_index AS argument
         FROM pg_proc p LEFT JOIN pg_dist_object o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
        WHERE p.pronamespace = 'public'::regnamespace AND (p.proargnames)[1] = 'p_tenant' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { name: 'apply_payment_notification', argument: 0 },
      { name: 'complete_sign_in', argument: 0 },
      { name: 'count_sign_in_attempt', argument: 0 },
      { name: 'enter_tenant', argument: null },
      { name: 'load_live_session', argument: 0 },
      { name: 'post_payment', argument: 0 },
      { name: 'premises_overview', argument: 0 },
      { name: 'save_new_session', argument: 0 },
      { name: 'settle_account', argument: 0 },
      { name: 'test_provider_transaction', argument: 0 },
    ]);
  });

  it('refuses to start with a table left on the coordinator, or with SET LOCAL not reaching the workers', async () => {
    const { owner, urls, name } = db.current;
    await owner.raw('CREATE TABLE stray (id int PRIMARY KEY)');
    try {
      await expect(assertCitusReady(db.current.app)).rejects.toThrow(
        /table stray is neither distributed nor a reference table/,
      );
    } finally {
      await owner.raw('DROP TABLE stray');
    }
    await owner.raw(`ALTER DATABASE "${name}" SET citus.propagate_set_commands = 'none'`);
    // A new connection reads the database's setting.
    const fresh = createDatabase({ url: urls.appUrl, poolMax: 1, applicationName: 'test fresh' });
    try {
      await expect(assertCitusReady(fresh)).rejects.toThrow(/citus.propagate_set_commands is "none"/);
    } finally {
      await fresh.destroy();
      await owner.raw(`ALTER DATABASE "${name}" SET citus.propagate_set_commands = 'local'`);
    }
    await expect(assertCitusReady(db.current.app)).resolves.toBeUndefined();
  });
});
