import type { Knex } from 'knex';
import { grantToApp, grantToWorker } from '../src/platform/db/schema-helpers.ts';

// Custom domains (hostname -> tenant) that serve one tenant at the root. Global for the
// same reason as tenants: the host is resolved before the tenant is known.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenant_domains', (table) => {
    table.text('hostname').primary();
    table.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE tenant_domains ADD CONSTRAINT tenant_domains_hostname_format CHECK (hostname = lower(hostname) AND hostname ~ '^[a-z0-9.-]+$')`,
  );
  await knex.raw('CREATE INDEX tenant_domains_tenant_id ON tenant_domains (tenant_id)');
  await grantToApp(knex, 'tenant_domains', 'SELECT');
  await grantToWorker(knex, 'tenant_domains', 'SELECT');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tenant_domains');
}
