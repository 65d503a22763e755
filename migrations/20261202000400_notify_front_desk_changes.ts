import type { Knex } from 'knex';

// Web processes keep each tenant's front desks with the tenant they cached
// (src/features/portal/front-desks/front-desks.service.ts), renewed whenever the tenant registry
// reloads. A change to a front desk or its opening hours therefore notifies the registry's own
// channel, tenants_changed, through the function of migration 20261122000400.
const TABLES = ['service_points', 'opening_hours'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(
      `CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_tenants_changed()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw(`DROP TRIGGER ${table}_changed ON ${table}`);
}
