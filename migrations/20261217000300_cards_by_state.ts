import type { Knex } from 'knex';

// The city card's review queue (issue #23) lists the cards of one state, those waiting longest
// first (state_since, then id for a stable page boundary), a page at a time by keyset. The cards
// waiting for staff (submitted, approved, produced, ready) are few beside the active and ended
// ones, so this index finds them and gives them in the queue's order without reading the rest;
// the lapse job's look for cards ready for pickup uses it too.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX cards_by_state ON cards (tenant_id, state, state_since, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX cards_by_state');
}
