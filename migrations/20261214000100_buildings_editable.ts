import type { Knex } from 'knex';
import { APP_ROLE } from '../src/platform/db/roles.ts';
import { grantToApp } from '../src/platform/db/schema-helpers.ts';

// The staff's buildings pages (issue #21): a manager corrects a building's address. Only the
// address columns may change; a building is never deleted (its premises hold money accounts).
export async function up(knex: Knex): Promise<void> {
  await grantToApp(knex, 'buildings', 'UPDATE (street, house_number, postal_code, city)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`REVOKE UPDATE ON buildings FROM ${APP_ROLE}`);
}
