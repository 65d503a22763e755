// The database wall, read from the catalogue: every relation in schema public is either a
// global table on the allow-list below or a tenant table with all of its walls. Returns a list
// of problems instead of throwing, so the self-check in schema.test.ts can show that a bad
// table is flagged, and so one run names every problem at once.
import type { Knex } from 'knex';
import { APP_ROLE } from '../../src/platform/db/roles.ts';

/** Tables read before a tenant is known, or by the migrator. Adding one here is a design decision. */
export const GLOBAL_TABLES: ReadonlySet<string> = new Set([
  'tenants',
  'tenant_domains',
  'knex_migrations',
  'knex_migrations_lock',
  // Rate-limit counters: a limit may hold per IP across tenants; per-tenant keys carry the tenant id.
  'rate_limits',
]);

/** Global tables web requests write: counters only, never anything a tenant owns. */
export const APP_WRITABLE_GLOBAL_TABLES: ReadonlySet<string> = new Set(['rate_limits']);

export interface TenancyProblem {
  relation: string;
  problem: string;
}

export interface TenancyReport {
  tenantTables: string[];
  globalTables: string[];
  problems: TenancyProblem[];
}

interface RelationRow {
  name: string;
  kind: 'r' | 'p' | 'v' | 'm' | 'f';
  rls: boolean;
  forced: boolean;
  options: string[] | null;
  has_tenant_id: boolean;
  tenant_id_not_null: boolean | null;
  tenant_id_type: string | null;
  policies: number;
  has_primary_key: boolean;
  primary_key_has_tenant_id: boolean;
}

interface UniqueIndexRow {
  table: string;
  index: string;
}

interface PolicyRow {
  table: string;
  name: string;
  using: string | null;
  check: string | null;
}

interface ForeignKeyRow {
  table: string;
  name: string;
  referenced: string;
  pairs_tenant_id: boolean;
}

const rowsOf = async <T>(db: Knex, sql: string, bindings: readonly string[] = []): Promise<T[]> =>
  (await db.raw<{ rows: T[] }>(sql, bindings)).rows;

const RELATIONS = `
  SELECT c.relname AS name, c.relkind AS kind, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
         c.reloptions AS options,
         a.attnum IS NOT NULL AS has_tenant_id,
         a.attnotnull AS tenant_id_not_null,
         format_type(a.atttypid, a.atttypmod) AS tenant_id_type,
         (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
         EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS has_primary_key,
         EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS primary_key_has_tenant_id
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
     -- An extension's own objects (Citus's citus_tables view) are the extension's to wall.
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e')
   ORDER BY c.relname`;

// Unique indexes (primary keys included) whose key columns leave tenant_id out: a unique
// violation would then tell one tenant that another tenant has that value.
const UNIQUE_INDEXES_WITHOUT_TENANT = `
  SELECT c.relname AS table, i.relname AS index
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
   WHERE n.nspname = 'public' AND x.indisunique
     AND NOT coalesce(a.attnum = ANY ((x.indkey::int2[])[0:x.indnkeyatts - 1]), false)
   ORDER BY 1, 2`;

// Permissive policies are OR-ed together, so each one the app role is subject to must filter by tenant.
const APP_POLICIES = `
  SELECT c.relname AS table, p.polname AS name,
         pg_get_expr(p.polqual, p.polrelid) AS using,
         pg_get_expr(p.polwithcheck, p.polrelid) AS check
    FROM pg_policy p
    JOIN pg_class c ON c.oid = p.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND p.polpermissive
     AND (0 = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) AS r(oid) WHERE pg_has_role(?::name, r.oid, 'USAGE')))
   ORDER BY 1, 2`;

// Citus 13.2 copies a RESTRICTIVE policy to the shards as a permissive one: a wall built on one
// would be a door there (migration 20261207000200).
const RESTRICTIVE_POLICIES = `
  SELECT c.relname AS table, p.polname AS name
    FROM pg_policy p
    JOIN pg_class c ON c.oid = p.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND NOT p.polpermissive
   ORDER BY 1, 2`;

// A trigger runs on the node that holds the row: on Citus, a worker, where no process listens
// and a NOTIFY breaks a two-node commit (docs/scaling.md). A trigger may refuse or stamp a row
// (audit_log's do), never announce one; the code that changes something notifies (notify.ts).
const NOTIFYING_TRIGGERS = `
  SELECT c.relname AS table, t.tgname AS name
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_proc p ON p.oid = t.tgfoid
   WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
     AND p.prosrc ~* '(pg_notify|\\mnotify\\M)'
   ORDER BY 1, 2`;

// Foreign-key checks bypass row-level security, so only a key that pairs tenant_id with
// tenant_id stops a row from pointing at another tenant's row.
const FOREIGN_KEYS = `
  SELECT src.relname AS table, con.conname AS name, dst.relname AS referenced,
         EXISTS (SELECT 1 FROM unnest(con.conkey, con.confkey) AS k(src_att, dst_att)
                   JOIN pg_attribute sa ON sa.attrelid = con.conrelid AND sa.attnum = k.src_att
                   JOIN pg_attribute da ON da.attrelid = con.confrelid AND da.attnum = k.dst_att
                  WHERE sa.attname = 'tenant_id' AND da.attname = 'tenant_id') AS pairs_tenant_id
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace dn ON dn.oid = dst.relnamespace
   WHERE con.contype = 'f' AND dn.nspname = 'public'
   ORDER BY 1, 2`;

const isSecurityInvoker = (options: string[] | null): boolean =>
  (options ?? []).some((option) => /^security_invoker=(true|on|yes|1)$/i.test(option));

const filtersByTenant = (expression: string): boolean =>
  expression.includes('tenant_id') && expression.includes("'app.tenant_id'");

/** Reads the catalogue through the given connection (a transaction sees its own uncommitted tables). */
export async function inspectTenancy(
  db: Knex,
  globalTables: ReadonlySet<string> = GLOBAL_TABLES,
): Promise<TenancyReport> {
  const relations = await rowsOf<RelationRow>(db, RELATIONS);
  const tenantTables: string[] = [];
  const problems: TenancyProblem[] = [];
  const flag = (relation: string, problem: string) => problems.push({ relation, problem });

  for (const relation of relations) {
    if (relation.kind === 'v') {
      // A view runs with its owner's rights unless it is a security_invoker view.
      if (!isSecurityInvoker(relation.options)) flag(relation.name, 'view is not security_invoker');
      continue;
    }
    if (relation.kind === 'm' || relation.kind === 'f') {
      if (!globalTables.has(relation.name)) flag(relation.name, 'row-level security cannot protect this relation kind');
      continue;
    }
    if (globalTables.has(relation.name)) continue;
    tenantTables.push(relation.name);
    if (!relation.has_tenant_id) {
      flag(relation.name, 'neither a global table nor has a tenant_id column');
      continue;
    }
    if (!relation.tenant_id_not_null) flag(relation.name, 'tenant_id is nullable');
    if (relation.tenant_id_type !== 'uuid') flag(relation.name, `tenant_id is ${relation.tenant_id_type}, not uuid`);
    if (!relation.rls) flag(relation.name, 'row-level security is not enabled');
    if (!relation.forced) flag(relation.name, 'row-level security is not forced');
    if (relation.policies === 0) flag(relation.name, 'has no row-level security policy');
    if (!relation.has_primary_key) flag(relation.name, 'has no primary key');
    else if (!relation.primary_key_has_tenant_id) flag(relation.name, 'primary key does not include tenant_id');
  }

  const isTenantTable = (name: string) => tenantTables.includes(name);
  // A table without tenant_id has been flagged once; its keys and policies cannot be judged.
  const hasTenantId = (name: string) => relations.some((relation) => relation.name === name && relation.has_tenant_id);

  for (const { table, index } of await rowsOf<UniqueIndexRow>(db, UNIQUE_INDEXES_WITHOUT_TENANT)) {
    if (isTenantTable(table) && hasTenantId(table)) flag(table, `unique index ${index} does not include tenant_id`);
  }
  for (const policy of await rowsOf<PolicyRow>(db, APP_POLICIES, [APP_ROLE])) {
    if (!isTenantTable(policy.table) || !hasTenantId(policy.table)) continue;
    for (const expression of [policy.using, policy.check]) {
      if (expression !== null && !filtersByTenant(expression)) {
        flag(policy.table, `policy ${policy.name} lets the app role past the tenant filter: ${expression}`);
      }
    }
  }
  for (const { table, name } of await rowsOf<{ table: string; name: string }>(db, RESTRICTIVE_POLICIES)) {
    flag(table, `policy ${name} is restrictive, which Citus applies as permissive`);
  }
  for (const { table, name } of await rowsOf<{ table: string; name: string }>(db, NOTIFYING_TRIGGERS)) {
    flag(table, `trigger ${name} sends a notice, which Citus would send from a worker`);
  }
  for (const key of await rowsOf<ForeignKeyRow>(db, FOREIGN_KEYS)) {
    if (isTenantTable(key.referenced) && !key.pairs_tenant_id) {
      flag(key.table, `foreign key ${key.name} to ${key.referenced} does not pair tenant_id with tenant_id`);
    }
  }

  const present = new Set(relations.map((relation) => relation.name));
  for (const name of globalTables) if (!present.has(name)) flag(name, 'is on the global allow-list but does not exist');

  return {
    tenantTables,
    globalTables: relations.filter((relation) => globalTables.has(relation.name)).map((relation) => relation.name),
    problems,
  };
}

export async function findTenancyProblems(db: Knex, globalTables?: ReadonlySet<string>): Promise<TenancyProblem[]> {
  return (await inspectTenancy(db, globalTables)).problems;
}
