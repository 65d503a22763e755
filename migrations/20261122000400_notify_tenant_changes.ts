import type { Knex } from 'knex';

// Every process caches the tenant registry in memory; a change to a tenant or its domains
// notifies them all to reload (src/platform/tenancy/tenant-registry.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION notify_tenants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('tenants_changed', '');
      RETURN NULL;
    END $$`);
  for (const table of ['tenants', 'tenant_domains']) {
    await knex.raw(
      `CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_tenants_changed()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER tenant_domains_changed ON tenant_domains');
  await knex.raw('DROP TRIGGER tenants_changed ON tenants');
  await knex.raw('DROP FUNCTION notify_tenants_changed()');
}
