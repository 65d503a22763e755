import type { Knex } from 'knex';

// The city transport e-card's states (issue #23, src/features/cards/workflow.ts): a card is
// produced (and numbered), then ready for pickup at the counter, and an application whose pickup
// window passed lapses. cards.state's CHECK (the one PostgreSQL named for the column's CHECK of
// 20261215000100) is replaced by one that names them too; card_events names states without a
// CHECK, so it takes them as it is. One constraint a statement, as Citus asks.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cards DROP CONSTRAINT cards_state_check');
  await knex.raw(`ALTER TABLE cards ADD CONSTRAINT cards_state_check CHECK (state IN ('draft', 'submitted',
    'approved', 'returned', 'rejected', 'issued', 'active', 'blocked', 'replaced', 'expired', 'produced', 'ready',
    'lapsed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cards DROP CONSTRAINT cards_state_check');
  await knex.raw(`ALTER TABLE cards ADD CONSTRAINT cards_state_check CHECK (state IN ('draft', 'submitted',
    'approved', 'returned', 'rejected', 'issued', 'active', 'blocked', 'replaced', 'expired'))`);
}
