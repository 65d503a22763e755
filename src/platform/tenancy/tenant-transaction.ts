// withTenant(): the only way request code reaches tenant data. It opens a transaction and
// sets app.tenant_id for that transaction alone (SET LOCAL), so a pooled connection never
// carries a tenant into the next request. BEGIN and SET LOCAL travel together in one
// simple-protocol round trip, as this runs on every request. SET LOCAL, not set_config(): on
// Citus only SET LOCAL reaches the worker nodes (citus.propagate_set_commands = 'local',
// docs/scaling.md), and one way serves both engines.
import knexFactory, { type Knex } from 'knex';
import type { Logger } from 'pino';
// knex ships no types for its dialect internals; see src/platform/db/knex-internals.d.ts.
import PostgresClient from 'knex/lib/dialects/postgres/index.js';
import PostgresTransaction from 'knex/lib/dialects/postgres/execution/pg-transaction.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type TenantId = string & { readonly __brand: 'TenantId' };

export function asTenantId(value: string): TenantId {
  if (!UUID.test(value)) throw new Error('tenant id must be a lower-case UUID');
  return value as TenantId;
}

interface TenantTransactionConfig {
  tenantId?: TenantId;
}

class TenantScopedTransaction extends PostgresTransaction {
  private readonly tenantId: TenantId | undefined;

  constructor(client: unknown, container: unknown, config: TenantTransactionConfig | undefined, outerTx: unknown) {
    super(client, container, config, outerTx);
    this.tenantId = config?.tenantId;
    // Handed to the work as trx.userParams (tenantIdOf below).
    if (this.tenantId) this.userParams = { ...this.userParams, tenantId: this.tenantId };
  }

  begin(connection: unknown): Promise<unknown> {
    if (!this.tenantId) return super.begin(connection);
    // The id was checked against UUID above, so it is safe inside the literal.
    const tenantId = asTenantId(this.tenantId);
    return this.query(connection, `BEGIN; SET LOCAL app.tenant_id = '${tenantId}';`);
  }
}

class TenantAwarePostgresClient extends PostgresClient {
  transaction(...args: unknown[]): unknown {
    return new TenantScopedTransaction(this, ...(args as [unknown, TenantTransactionConfig | undefined, unknown]));
  }
}

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  applicationName: string;
  /** Where knex's own warnings go (e.g. failed connection attempts while PostgreSQL is away); default: the console. */
  logger?: Logger;
}

/**
 * While PostgreSQL is away a request should fail fast with a 503, not hang. A refused
 * connection already fails at once (tarn passes the create error on); these bound the cases
 * that hang instead: a connect that gets no answer, and waiting for a free pooled connection.
 */
const CONNECT_TIMEOUT_MS = 3_000;
const ACQUIRE_TIMEOUT_MS = 5_000;

export function createDatabase({ url, poolMax, applicationName, logger }: DatabaseOptions): Knex {
  // One JSON line per warning in the process's log, not stack traces on the console.
  const log = logger && {
    warn: (message: unknown) => logger.warn({ pool: applicationName, detail: String(message) }, 'database warning'),
    error: (message: unknown) => logger.error({ pool: applicationName, detail: String(message) }, 'database error'),
    deprecate: (message: unknown) => logger.warn({ pool: applicationName, detail: String(message) }, 'deprecated'),
    debug: (message: unknown) => logger.debug({ pool: applicationName, detail: String(message) }, 'database debug'),
  };
  return knexFactory({
    ...(log ? { log } : {}),
    client: TenantAwarePostgresClient as unknown as typeof Knex.Client,
    connection: {
      connectionString: url,
      application_name: applicationName,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    },
    pool: { min: 0, max: poolMax, createTimeoutMillis: CONNECT_TIMEOUT_MS },
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
  });
}

/**
 * The tenant of a withTenant() transaction (or of the one a savepoint is in). Row-level security
 * needs nothing more; a query names it too (`where tenant_id = ?`) where it should reach one
 * shard on Citus, which routes by the value and cannot read it from the policy.
 */
export function tenantIdOf(trx: Knex.Transaction): TenantId {
  let outermost = trx;
  while (outermost.parentTransaction) outermost = outermost.parentTransaction;
  const tenantId = (outermost.userParams as { tenantId?: TenantId } | undefined)?.tenantId;
  if (!tenantId) throw new Error('tenantIdOf() needs a transaction opened by withTenant()');
  return tenantId;
}

/**
 * The rows of a tenant table in a withTenant() transaction, for reading, changing or deleting
 * (`tenantRows(trx, 'clients').where({ id })`; an alias as in knex: 'sessions as s'). Row-level
 * security would filter them anyway; naming the tenant lets Citus send the query to the one
 * shard that holds it instead of every shard, and a FOR UPDATE is refused on Citus without it.
 * Inserts take the tenant from the column's default: `trx(table).insert(...)`.
 */
export function tenantRows(trx: Knex.Transaction, table: string) {
  const alias = /\s+as\s+(\w+)$/i.exec(table)?.[1] ?? table;
  return trx(table).where(`${alias}.tenant_id`, tenantIdOf(trx));
}

/** Runs work inside a transaction scoped to one tenant; row-level security does the rest. */
export async function withTenant<T>(
  db: Knex,
  tenantId: TenantId,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction) {
    // Inside an open transaction knex only makes a savepoint, which never sets the tenant:
    // the work would silently run as the transaction's tenant. Allow only the same tenant.
    const { rows } = await db.raw<{ rows: { tenant: string | null }[] }>(
      "SELECT current_setting('app.tenant_id', true) AS tenant",
    );
    if (rows[0]?.tenant !== tenantId) {
      throw new Error(
        'withTenant() cannot change the tenant of an open transaction; pass the database, not a transaction',
      );
    }
    return db.transaction(work);
  }
  return db.transaction(work, { tenantId } as Knex.TransactionConfig);
}

/**
 * withTenant for work whose branches must not be told apart by how long the answer takes (is
 * an e-mail address registered?). Whichever branch runs, the transaction sends `statements`
 * statements, a shorter branch padded with round trips, and commits as a writing one does: it
 * holds a transaction id from the start, so its commit record is flushed to disk even when the
 * branch wrote nothing. `statements` is the longest branch's count, the transaction id's
 * included; the tests count each branch's.
 */
export async function withTenantEvenly<T>(
  db: Knex,
  tenantId: TenantId,
  statements: number,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return withTenant(db, tenantId, async (trx) => {
    let sent = 0;
    trx.on('query', () => (sent += 1));
    await trx.raw('SELECT pg_current_xact_id()');
    const result = await work(trx);
    while (sent < statements) await trx.raw('SELECT 1');
    return result;
  });
}
