import type { Knex } from 'knex';
import { grantToApp, grantToWorker } from '../src/platform/db/schema-helpers.ts';

// Counters for rate-limiter-flexible's PostgreSQL store, in the shape it expects. Global: a
// limit may be per IP across tenants; keys of per-tenant limits carry the tenant id.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE rate_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`);
  await knex.raw('CREATE INDEX rate_limits_expire ON rate_limits (expire)');
  await grantToApp(knex, 'rate_limits', 'SELECT, INSERT, UPDATE, DELETE');
  await grantToWorker(knex, 'rate_limits', 'SELECT, DELETE');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
