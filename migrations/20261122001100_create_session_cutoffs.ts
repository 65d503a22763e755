import type { Knex } from 'knex';
import { grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';

// "Sessions valid after": one stamp per user. A session signed in before its user's stamp is
// dead, checked in the same query that loads the session, so a password change, a reset or a
// staff deactivation ends every other session at once. user_id gains a foreign key to the
// accounts table when accounts arrive.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('session_cutoffs', (table) => {
    table.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    table.uuid('user_id').notNullable();
    table.timestamp('valid_after', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'user_id']);
  });
  await protectTenantTable(knex, 'session_cutoffs');
  await grantToApp(knex, 'session_cutoffs', 'SELECT, INSERT, UPDATE');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('session_cutoffs');
}
