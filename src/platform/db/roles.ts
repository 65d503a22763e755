// The three database roles. The owner migrates and owns every table; okienko_app serves web
// requests and is bound by row-level security; okienko_worker runs cross-tenant jobs.
// In production the operator creates them (docs/operations.md). In development and tests
// the portal creates them from a superuser URL (the embedded server, or the machine's
// PostgreSQL), so nothing after that first step runs as a superuser: superusers ignore
// row-level security even where it is forced.
import { createHmac } from 'node:crypto';
import pg from 'pg';

export const OWNER_ROLE = 'okienko_owner';
export const APP_ROLE = 'okienko_app';
export const WORKER_ROLE = 'okienko_worker';

export interface DatabaseRoleUrls {
  ownerUrl: string;
  appUrl: string;
  workerUrl: string;
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

/** Stable per-role password, so several processes started from one secret agree on it. */
function rolePassword(secret: string, role: string): string {
  return createHmac('sha256', secret).update(`okienko database role ${role}`).digest('base64url');
}

/** Creates the database named in the URL when it does not exist yet. */
async function ensureDatabaseExists(adminUrl: string): Promise<void> {
  const maintenance = new URL(adminUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const name = databaseName(adminUrl);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    // Two processes racing to create it is fine; anything else is not.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const attributes = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`;
  // CREATE ROLE has no IF NOT EXISTS; roles are cluster-wide and may come from an earlier run.
  await client.query(`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        ALTER ROLE ${role} ${attributes};
      ELSE
        CREATE ROLE ${role} ${attributes};
      END IF;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
    END $$`);
}

/** Login URLs of the three bootstrapped roles on the server and database of the given URL. */
export function roleUrlsFor(url: string, secret: string): DatabaseRoleUrls {
  const as = (role: string) => withCredentials(url, role, rolePassword(secret, role));
  return { ownerUrl: as(OWNER_ROLE), appUrl: as(APP_ROLE), workerUrl: as(WORKER_ROLE) };
}

/** Creates the database and the three roles, and hands the database to the owner role. */
export async function bootstrapRoles(adminUrl: string, secret: string): Promise<DatabaseRoleUrls> {
  await ensureDatabaseExists(adminUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ superuser: boolean }>(
      'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );
    if (!rows[0]?.superuser) {
      throw new Error(
        'Outside production, DATABASE_URL must be a superuser URL from which the portal creates its roles; ' +
          'or set DATABASE_OWNER_URL, DATABASE_URL and DATABASE_WORKER_URL for roles you made (README).',
      );
    }
    for (const role of [OWNER_ROLE, APP_ROLE, WORKER_ROLE]) {
      await ensureLoginRole(client, role, rolePassword(secret, role));
    }
    const database = quoteIdentifier(databaseName(adminUrl));
    await client.query(`ALTER DATABASE ${database} OWNER TO ${OWNER_ROLE}`);
    await client.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    for (const role of [APP_ROLE, WORKER_ROLE]) await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
    return roleUrlsFor(adminUrl, secret);
  } finally {
    await client.end();
  }
}

export interface ConnectionPrivileges {
  role: string;
  superuser: boolean;
  bypassesRls: boolean;
  ownedRelations: number;
}

type RawQuery = (sql: string) => Promise<{ rows: unknown[] }>;

/** What the connection may do that a web request's connection never should. */
export async function inspectConnection(query: RawQuery): Promise<ConnectionPrivileges> {
  const { rows } = await query(`
    SELECT current_user AS role,
           EXISTS (SELECT 1 FROM pg_roles r WHERE pg_has_role(current_user, r.oid, 'MEMBER') AND r.rolsuper) AS superuser,
           EXISTS (SELECT 1 FROM pg_roles r WHERE pg_has_role(current_user, r.oid, 'MEMBER') AND r.rolbypassrls) AS bypasses_rls,
           (SELECT count(*)::int FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
               AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned_relations`);
  const row = rows[0] as { role: string; superuser: boolean; bypasses_rls: boolean; owned_relations: number };
  return {
    role: row.role,
    superuser: row.superuser,
    bypassesRls: row.bypasses_rls,
    ownedRelations: row.owned_relations,
  };
}

/** Start-up guard: refuse to serve requests through a connection that row-level security cannot hold. */
export async function assertRestrictedConnection(query: RawQuery): Promise<void> {
  const privileges = await inspectConnection(query);
  const problems = [
    privileges.superuser && 'is a superuser',
    privileges.bypassesRls && 'has BYPASSRLS',
    privileges.ownedRelations > 0 && `owns ${privileges.ownedRelations} tables`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `The app's database role "${privileges.role}" ${problems.join(', ')}; web requests must use a restricted role (README: Database roles).`,
    );
  }
}
