import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Account numbers imported from the tenant's bank (issue #21): a bank that hands out a list of
// individual accounts (NRB) rather than a scheme gives the cooperative a file of them, and each
// new premises takes the next unused one, in the order they were imported. A number is taken by
// setting premises_id (under FOR UPDATE SKIP LOCKED, so two premises created at once take two);
// it is never given back or deleted, as a resident may have paid into it already. Unique per
// tenant, as premises.account_number is.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE bank_account_numbers (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      number text NOT NULL CHECK (number ~ '^[0-9]{26}$'),
      line integer NOT NULL CHECK (line > 0),
      imported_at timestamptz NOT NULL DEFAULT now(),
      premises_id uuid,
      taken_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, number),
      UNIQUE (tenant_id, premises_id),
      CHECK ((premises_id IS NULL) = (taken_at IS NULL))
    )`);
  await knex.raw(`CREATE INDEX bank_account_numbers_unused
    ON bank_account_numbers (tenant_id, imported_at, line) WHERE premises_id IS NULL`);
  await protectTenantTable(knex, 'bank_account_numbers');
  await grantToApp(knex, 'bank_account_numbers', 'SELECT, INSERT, UPDATE (premises_id, taken_at)');
  await distributeSchema(knex);
  await knex.raw(`ALTER TABLE bank_account_numbers
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE bank_account_numbers');
}
