import type { Knex } from 'knex';
import { grantToApp, grantToWorker } from '../src/platform/db/schema-helpers.ts';

// The tenant registry is global: it is read before any tenant is known (to resolve the
// URL), so it has no tenant_id and no row-level security. Only the owner writes it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('slug').notNullable().unique();
    table.text('name').notNullable();
    table.text('kind').notNullable();
    table.specificType('modules', 'text[]').notNullable().defaultTo('{}');
    table.text('default_locale').notNullable();
    table.text('time_zone').notNullable();
    table.jsonb('branding').notNullable();
    table.jsonb('contact').notNullable();
    table.jsonb('settings').notNullable().defaultTo('{}');
    table.boolean('enabled').notNullable().defaultTo(true);
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE tenants ADD CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9]){0,1}$')`,
  );
  await knex.raw(
    `ALTER TABLE tenants ADD CONSTRAINT tenants_kind_known CHECK (kind IN ('sports_centre', 'transport_operator', 'housing_cooperative', 'housing_community', 'city_office'))`,
  );
  await knex.raw(
    `ALTER TABLE tenants ADD CONSTRAINT tenants_locale_known CHECK (default_locale IN ('pl', 'en', 'cs'))`,
  );
  await grantToApp(knex, 'tenants', 'SELECT');
  await grantToWorker(knex, 'tenants', 'SELECT');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tenants');
}
