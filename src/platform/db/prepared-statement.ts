// The statements on the hottest paths (loading and saving a session, signing in) are calls of
// functions that scope themselves to a tenant (the migrations named *_function(s)), sent as
// named prepared statements on a connection of knex's own pool but straight through pg:
// PostgreSQL parses and plans each once per connection, knex's query building is skipped, and
// a call is one round trip instead of a transaction's three or more. Everything else goes
// through withTenant().
import type { Knex } from 'knex';
import type pg from 'pg';

export interface PreparedStatement {
  /** Unique per statement text: pg prepares it once per connection under this name. */
  name: string;
  text: string;
}

/** What is used of knex's client: its pool of pg connections (knex's own transactions use the same two calls). */
interface PooledConnections {
  acquireConnection(): Promise<Pick<pg.ClientBase, 'query'>>;
  releaseConnection(connection: Pick<pg.ClientBase, 'query'>): Promise<void>;
}

export async function runPrepared<Row extends pg.QueryResultRow>(
  db: Knex,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  // A transaction's connection is its own: a call inside one must go through it, not the pool.
  if ((db as { isTransaction?: boolean }).isTransaction)
    throw new Error('runPrepared() runs on the pool; inside a transaction use trx.raw()');
  const pool = db.client as unknown as PooledConnections;
  const connection = await pool.acquireConnection();
  try {
    return (await connection.query<Row>({ ...statement, values })).rows;
  } finally {
    await pool.releaseConnection(connection);
  }
}
