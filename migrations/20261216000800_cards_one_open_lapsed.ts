import type { Knex } from 'knex';

// A lapsed city card (issue #23: not picked up within its pickup window) is over, like a rejected,
// replaced or expired one: its holder may apply again. cards_one_open, which keeps a client to one
// card of a type in play, leaves it out from now on (cards.repo.ts IN_PLAY, its ON CONFLICT, says
// the same from workflow.ts FINAL_STATES).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX cards_one_open');
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open ON cards (tenant_id, client_id, card_type_id)
    WHERE state NOT IN ('rejected', 'replaced', 'expired', 'lapsed')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX cards_one_open');
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open ON cards (tenant_id, client_id, card_type_id)
    WHERE state NOT IN ('rejected', 'replaced', 'expired')`);
}
