import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The last sequence number given out under each account-number template of a tenant (issue
// #21): a premises' NRB is the template's sorting code, its prefix and the next number
// (src/lib/nrb.ts). Taking one is a single upsert that increments the row, so premises created
// at once queue on the row's lock and each gets its own number; a template changed in the
// settings starts a row of its own. The counter only grows.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE account_number_sequences (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sorting_code text NOT NULL CHECK (sorting_code ~ '^[0-9]{8}$'),
      prefix text NOT NULL CHECK (prefix ~ '^[0-9]{0,15}$'),
      last_sequence bigint NOT NULL CHECK (last_sequence >= 0),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, sorting_code, prefix)
    )`);
  await protectTenantTable(knex, 'account_number_sequences');
  await grantToApp(knex, 'account_number_sequences', 'SELECT, INSERT, UPDATE (last_sequence)');
  await distributeSchema(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_number_sequences');
}
