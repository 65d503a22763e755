import type { Knex } from 'knex';
import { distributeFunctions, hasCitus } from '../src/platform/db/citus.ts';

// On Citus, the functions the previous migration made become delegated functions, run on the
// node holding the tenant's shards (docs/scaling.md), one statement at a time rather than in a
// transaction: Citus had copied them to the workers when they were made, and making them
// delegated inside a transaction, that one or the next, ended in "canceling the transaction
// since it was involved in a distributed deadlock" (measured on the test cluster). Each call
// stands on its own and is skipped once done, so a run cut short is finished by the next.
// Nothing to do on PostgreSQL alone.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  if (await hasCitus(knex)) await distributeFunctions(knex);
}

// Dropping the functions (the previous migration's down) takes their distribution with them.
export async function down(): Promise<void> {}
