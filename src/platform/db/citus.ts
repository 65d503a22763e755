// The schema on Citus (docs/scaling.md). Where the citus extension is installed, every tenant
// table is distributed on tenant_id, all co-located (a tenant's rows of every table live in one
// shard group, on one node), and the global tables are reference tables (a copy on every node).
// On plain PostgreSQL every function here does nothing, so migrations call them unconditionally.
import type { Knex } from 'knex';

/** Tables every tenant shares, copied to every node. */
export const REFERENCE_TABLES = ['tenants', 'tenant_domains'] as const;

/** Tables without a tenant, distributed on a column of their own (not co-located with tenants). */
export const DISTRIBUTED_BY_OTHER_COLUMN: Readonly<Record<string, string>> = { rate_limits: 'key' };

/** Migration bookkeeping, on the coordinator only. */
export const COORDINATOR_TABLES = ['knex_migrations', 'knex_migrations_lock'] as const;

/** The table every tenant table is co-located with. */
const COLOCATION_ANCHOR = 'clients';

export async function hasCitus(knex: Knex): Promise<boolean> {
  const { rows } = await knex.raw<{ rows: unknown[] }>("SELECT 1 FROM pg_extension WHERE extname = 'citus'");
  return rows.length > 0;
}

/** The tables of the public schema with a tenant_id column, which are the tenant tables. */
async function tenantTables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: { table: string }[] }>(
    `SELECT c.relname AS table FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        AND c.relname <> ALL (?)
      ORDER BY c.relname`,
    [[...REFERENCE_TABLES]],
  );
  return rows.map((row) => row.table);
}

/**
 * How Citus holds a table: 'distributed' (hash, partmethod h), 'reference' (a copy on every
 * node, repmodel t), or undefined for a plain or "citus local" table (Citus adds a local table
 * that references a reference table to its metadata; it still has to be distributed).
 */
async function citusKind(knex: Knex, table: string): Promise<'distributed' | 'reference' | undefined> {
  const { rows } = await knex.raw<{ rows: { partmethod: string; repmodel: string }[] }>(
    'SELECT partmethod, repmodel FROM pg_dist_partition WHERE logicalrelid = ?::regclass',
    [table],
  );
  const row = rows[0];
  if (row?.partmethod === 'h') return 'distributed';
  if (row?.repmodel === 't') return 'reference';
  return undefined;
}

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Foreign keys between tenant tables with a side among `pending`: Citus refuses to distribute a
 * table that a foreign key ties to a table still local.
 */
async function foreignKeysTouching(knex: Knex, tables: string[], pending: string[]): Promise<ForeignKey[]> {
  const { rows } = await knex.raw<{ rows: ForeignKey[] }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE contype = 'f' AND conrelid::regclass::text = ANY (?) AND confrelid::regclass::text = ANY (?)
        AND (conrelid::regclass::text = ANY (?) OR confrelid::regclass::text = ANY (?))`,
    [tables, tables, pending, pending],
  );
  return rows;
}

/**
 * Distributes what is not distributed yet: the reference tables, then every tenant table on
 * tenant_id co-located with clients (their foreign keys to each other dropped for the moment
 * and added back, as Citus distributes one table at a time), the tables distributed on a
 * column of their own, and the functions (those that take a tenant delegated: called on their
 * own, each runs on the worker holding that tenant's shards, in one hop). A migration that
 * creates a table calls this at its end, and `npm run okienko -- citus:distribute` runs it on a
 * database converted in place (docs/scaling.md). Run by the owner role.
 */
export async function distributeSchema(knex: Knex): Promise<void> {
  if (!(await hasCitus(knex))) return;
  // withTenant() and enter_tenant set the tenant with SET LOCAL, which Citus sends on to the
  // workers only with this setting; the start-up check refuses to serve without it.
  await knex.raw(
    `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = %L', current_database(), 'local'); END $$`,
  );
  // The database's default reaches new connections; this one goes on with it too.
  await knex.raw("SET citus.propagate_set_commands = 'local'");
  // Citus refuses to distribute a table with a trigger, or to add one to a distributed table,
  // unless this is on: a trigger runs on the shard's node, where a NOTIFY is lost and a lookup
  // of another distributed table is unsafe. Ours only raise (audit_log's append-only trigger,
  // which reads tenants, a reference table on every node), and the schema check refuses a
  // trigger that sends a notice. For this transaction only (migrations and citus:distribute
  // run in one).
  await knex.raw('SET LOCAL citus.enable_unsafe_triggers = on');
  const pending: string[] = [];
  for (const table of await tenantTables(knex)) if (!(await citusKind(knex, table))) pending.push(table);
  // Citus copies rows as this role, to which row-level security applies (forced, so the owner
  // too): when it copies a converted table's rows to the shards, or back into a plain table
  // when a foreign key below is dropped, they would arrive empty, silently. So it is lifted
  // from the tables being distributed, and put back, in this transaction.
  for (const table of pending) await knex.raw('ALTER TABLE ?? NO FORCE ROW LEVEL SECURITY', [table]);
  for (const table of REFERENCE_TABLES) {
    if ((await citusKind(knex, table)) !== 'reference') await knex.raw('SELECT create_reference_table(?)', [table]);
  }
  if (pending.length > 0) {
    const keys = await foreignKeysTouching(knex, await tenantTables(knex), pending);
    for (const key of keys) await knex.raw('ALTER TABLE ?? DROP CONSTRAINT ??', [key.table, key.name]);
    const ordered = pending.includes(COLOCATION_ANCHOR)
      ? [COLOCATION_ANCHOR, ...pending.filter((t) => t !== COLOCATION_ANCHOR)]
      : pending;
    for (const table of ordered) {
      if (table === COLOCATION_ANCHOR) await knex.raw("SELECT create_distributed_table(?, 'tenant_id')", [table]);
      else {
        await knex.raw("SELECT create_distributed_table(?, 'tenant_id', colocate_with => ?)", [
          table,
          COLOCATION_ANCHOR,
        ]);
      }
    }
    for (const key of keys) {
      await knex.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? ${key.definition}`, [key.table, key.name]);
    }
  }
  for (const table of pending) await knex.raw('ALTER TABLE ?? FORCE ROW LEVEL SECURITY', [table]);
  for (const [table, column] of Object.entries(DISTRIBUTED_BY_OTHER_COLUMN)) {
    if (!(await citusKind(knex, table))) {
      await knex.raw("SELECT create_distributed_table(?, ?, colocate_with => 'none')", [table, column]);
    }
  }
  await distributeFunctions(knex);
}

/**
 * Every function of ours onto every node: those whose first argument is p_tenant as delegated
 * functions, co-located with the tenant's shards; the others (enter_tenant, which they call)
 * just copied. A function made after the extension is copied by Citus itself; one made before
 * (a database converted in place) would be missing on the workers and every delegated call fail.
 * A function already copied is made delegated only outside a transaction (a migration with
 * transaction: false, as 20261212000200): inside one, Citus deadlocks with itself.
 */
export async function distributeFunctions(knex: Knex): Promise<void> {
  const { rows } = await knex.raw<{ rows: { signature: string; delegated: boolean; done: boolean }[] }>(
    `SELECT p.oid::regprocedure::text AS signature, f.delegated,
            o.objid IS NOT NULL AND (o.distribution_argument_index IS NOT NULL OR NOT f.delegated) AS done
       FROM pg_proc p
       CROSS JOIN LATERAL (SELECT (p.proargnames)[1] IS NOT DISTINCT FROM 'p_tenant'
                                  AND p.proname <> 'enter_tenant' AS delegated) f
       LEFT JOIN pg_dist_object o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
      WHERE p.pronamespace = 'public'::regnamespace
        -- An extension's own functions are the extension's business.
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                         AND d.deptype = 'e')`,
  );
  for (const { signature, delegated } of rows.filter((row) => !row.done)) {
    if (delegated) {
      await knex.raw("SELECT create_distributed_function(?, 'p_tenant', colocate_with => ?)", [
        signature,
        COLOCATION_ANCHOR,
      ]);
    } else {
      await knex.raw('SELECT create_distributed_function(?)', [signature]);
    }
  }
}

/**
 * What would make the portal serve wrong data on Citus: a table neither distributed nor a
 * reference table (its rows on the coordinator only, or a tenant table no worker can join),
 * or SET LOCAL not reaching the workers (every tenant query there would see no rows). Empty
 * on plain PostgreSQL. The web and worker processes refuse to start while it is not empty.
 */
export async function citusProblems(knex: Knex): Promise<string[]> {
  if (!(await hasCitus(knex))) return [];
  const problems: string[] = [];
  const { rows: setting } = await knex.raw<{ rows: { value: string | null }[] }>(
    "SELECT current_setting('citus.propagate_set_commands', true) AS value",
  );
  if (setting[0]?.value !== 'local') {
    problems.push(
      `citus.propagate_set_commands is "${setting[0]?.value ?? ''}", not "local": the tenant would not reach the workers`,
    );
  }
  const { rows } = await knex.raw<{ rows: { table: string; partmethod: string | null; repmodel: string | null }[] }>(
    `SELECT c.relname AS table, p.partmethod, p.repmodel FROM pg_class c
       LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ALL (?)
      ORDER BY c.relname`,
    [[...COORDINATOR_TABLES]],
  );
  for (const row of rows) {
    if (row.partmethod !== 'h' && row.repmodel !== 't') {
      problems.push(`table ${row.table} is neither distributed nor a reference table`);
    }
  }
  return problems;
}

/** Refuses to go on when citusProblems() finds any. */
export async function assertCitusReady(knex: Knex): Promise<void> {
  const problems = await citusProblems(knex);
  if (problems.length > 0) {
    throw new Error(`Refusing to start on this Citus cluster: ${problems.join('; ')} (docs/scaling.md).`);
  }
}
