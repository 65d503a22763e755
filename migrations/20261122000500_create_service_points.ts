import type { Knex } from 'knex';
import { grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';

// Front desks where clients are served in person (source 000: "Punkt Obsługi Klienta";
// source 001: POK and COK). A tenant may have several.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_points', (table) => {
    table.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    table.uuid('id').notNullable().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('name').notNullable();
    table.text('street').notNullable();
    table.text('postal_code').notNullable();
    table.text('city').notNullable();
    table.text('phone');
    table.text('email');
    table.smallint('position').notNullable().defaultTo(0);
    table.primary(['tenant_id', 'id']);
  });
  await protectTenantTable(knex, 'service_points');
  await grantToApp(knex, 'service_points', 'SELECT, INSERT, UPDATE, DELETE');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('service_points');
}
