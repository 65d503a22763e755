import type { Knex } from 'knex';
import { APP_ROLE } from '../src/platform/db/roles.ts';
import { grantToApp } from '../src/platform/db/schema-helpers.ts';

// A city card's holder on the card (issue #23; the application's row is 20261217000100): the
// holder's PESEL, sealed under DATA_KEY, and its blind index (NULL for a Client Card, whose holder
// is its account). One card of a type in play per holder: cards_one_open keeps its rule for cards
// without a holder of their own, and cards_one_open_holder holds a holder to one card of a type
// in play whoever applied (a second parent applying for the same child finds the first
// application). The index is also how the status check without signing in finds an application
// by its reference and the PESEL typed.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cards ADD COLUMN holder_pesel_sealed bytea');
  await knex.raw('ALTER TABLE cards ADD COLUMN holder_pesel_index bytea');
  await knex.raw('DROP INDEX cards_one_open');
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open ON cards (tenant_id, client_id, card_type_id)
    WHERE holder_pesel_index IS NULL AND state NOT IN ('rejected', 'replaced', 'expired', 'lapsed')`);
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open_holder ON cards (tenant_id, card_type_id, holder_pesel_index)
    WHERE holder_pesel_index IS NOT NULL AND state NOT IN ('rejected', 'replaced', 'expired', 'lapsed')`);
  await knex.raw(
    'CREATE INDEX cards_holder ON cards (tenant_id, holder_pesel_index) WHERE holder_pesel_index IS NOT NULL',
  );
  await knex.raw(`REVOKE UPDATE ON cards FROM ${APP_ROLE}`);
  await grantToApp(
    knex,
    'cards',
    'UPDATE (state, state_since, number, account_id, holder_pesel_sealed, holder_pesel_index)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX cards_holder');
  await knex.raw('DROP INDEX cards_one_open_holder');
  await knex.raw('DROP INDEX cards_one_open');
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open ON cards (tenant_id, client_id, card_type_id)
    WHERE state NOT IN ('rejected', 'replaced', 'expired', 'lapsed')`);
  await knex.raw(`REVOKE UPDATE ON cards FROM ${APP_ROLE}`);
  await grantToApp(knex, 'cards', 'UPDATE (state, state_since, number, account_id)');
  await knex.raw('ALTER TABLE cards DROP COLUMN holder_pesel_index');
  await knex.raw('ALTER TABLE cards DROP COLUMN holder_pesel_sealed');
}
