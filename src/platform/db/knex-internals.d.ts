// Minimal declarations for the two knex internals that tenant-transaction.ts extends.
declare module 'knex/lib/dialects/postgres/index.js' {
  class PostgresClient {
    constructor(config: unknown);
    transaction(...args: unknown[]): unknown;
  }
  export default PostgresClient;
}

declare module 'knex/lib/dialects/postgres/execution/pg-transaction.js' {
  class PostgresTransaction {
    constructor(client: unknown, container: unknown, config: unknown, outerTx: unknown);
    begin(connection: unknown): Promise<unknown>;
    query(connection: unknown, sql: string): Promise<unknown>;
    userParams: Record<string, unknown> | undefined;
  }
  export default PostgresTransaction;
}
