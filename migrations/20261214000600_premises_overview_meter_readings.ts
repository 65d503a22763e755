import type { Knex } from 'knex';
import { distributeFunctions, hasCitus } from '../src/platform/db/citus.ts';
import { applyFunction } from '../src/platform/db/functions.ts';

// The resident's overview reads the premises' meter readings of the days their rights cover in
// the same one call (premises_overview, migrations/functions/), rather than a second round trip.
// The same signature, so CREATE OR REPLACE keeps its grants. Without a transaction, as the
// migration that made it (20261213000400 says why); each step can run again.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await applyFunction(knex, 'premises_overview');
  if (await hasCitus(knex)) await distributeFunctions(knex);
}

// The definition before this one is in git: the file at 20261213000400's commit. The readings
// it adds are a key more in its result, which the code before this migration does not read.
export async function down(): Promise<void> {}
