import type { Knex } from 'knex';
import { distributeFunctions, hasCitus } from '../src/platform/db/citus.ts';
import { applyFunction } from '../src/platform/db/functions.ts';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// The resident's overview of a premises read by one function call (issue #21): the e-BOK's most
// visited page took a transaction of a dozen statements, a round trip each (bench/README.md).
// Only the app role may call it. Without a transaction, each statement on its own: on Citus the
// function is made delegated right after it is made, and doing that inside the transaction that
// made it ends in a distributed deadlock (20261212000200 says more). Each step can run again.
export const config = { transaction: false };

const SIGNATURE = 'premises_overview(uuid, uuid, uuid, date, text[], integer)';

export async function up(knex: Knex): Promise<void> {
  await applyFunction(knex, 'premises_overview');
  await knex.raw(`REVOKE ALL ON FUNCTION ${SIGNATURE} FROM PUBLIC`);
  await knex.raw(`GRANT EXECUTE ON FUNCTION ${SIGNATURE} TO ${APP_ROLE}`);
  if (await hasCitus(knex)) await distributeFunctions(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP FUNCTION ${SIGNATURE}`);
}
