import type { Knex } from 'knex';
import { applyFunction } from '../src/platform/db/functions.ts';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// Managers edit their tenant's settings (issue #19) through change_own_tenant, which writes
// only the row of the tenant the transaction is scoped to (migrations/functions says how).
// The app role keeps SELECT alone on tenants: the function, SECURITY DEFINER and owned by the
// owner, is its only way to write, and only the app role may call it (a function is
// executable by PUBLIC unless revoked, which would hand it to the worker role too).
const SIGNATURE = 'change_own_tenant(timestamptz, text[], jsonb, jsonb, jsonb)';

export async function up(knex: Knex): Promise<void> {
  await applyFunction(knex, 'change_own_tenant');
  await knex.raw(`REVOKE ALL ON FUNCTION ${SIGNATURE} FROM PUBLIC`);
  await knex.raw(`GRANT EXECUTE ON FUNCTION ${SIGNATURE} TO ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP FUNCTION ${SIGNATURE}`);
}
