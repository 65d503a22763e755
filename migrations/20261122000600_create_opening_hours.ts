import type { Knex } from 'knex';
import { grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';

// Opening hours of a front desk: one row per opening interval on an ISO weekday (1 = Monday).
// The composite foreign key makes PostgreSQL refuse hours pointing at another tenant's desk.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('opening_hours', (table) => {
    table.uuid('tenant_id').notNullable();
    table.uuid('service_point_id').notNullable();
    table.smallint('weekday').notNullable();
    table.time('opens').notNullable();
    table.time('closes').notNullable();
    table.primary(['tenant_id', 'service_point_id', 'weekday', 'opens']);
    table
      .foreign(['tenant_id', 'service_point_id'])
      .references(['tenant_id', 'id'])
      .inTable('service_points')
      .onDelete('CASCADE');
  });
  await knex.raw('ALTER TABLE opening_hours ADD CONSTRAINT opening_hours_weekday CHECK (weekday BETWEEN 1 AND 7)');
  await knex.raw('ALTER TABLE opening_hours ADD CONSTRAINT opening_hours_order CHECK (opens < closes)');
  await protectTenantTable(knex, 'opening_hours');
  await grantToApp(knex, 'opening_hours', 'SELECT, INSERT, UPDATE, DELETE');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('opening_hours');
}
