import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Card applications (issue #22, reused by the city card of issue #23): the card types a tenant
// issues, each card from its application on, and the card's history of transitions.
//
// A card type names its workflow (the table of transitions declared in code, cards/workflow.ts)
// and its number format: a prefix, a serial and a Luhn check digit, `number_length` digits in
// all; next_serial is what the next card issued takes (an UPDATE … RETURNING, so two cards
// issued at once take two serials). A card is one row from its draft to its end: its state and
// since when, its number once issued, the money account its fees are charged to (the money
// core's, owned by the card). A client has at most one card of a type that is still in play
// (cards_one_open), which is what makes a second "Apply" find the first. card_events is the
// card's history, every transition with who took it: appended, never changed (the app role has
// neither UPDATE nor DELETE). No DELETE anywhere: a card ends in a state.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE card_types (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 50),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      workflow text NOT NULL CHECK (workflow ~ '^[a-z_]+$' AND length(workflow) <= 50),
      activation_fee bigint NOT NULL CHECK (activation_fee >= 0),
      currency text NOT NULL CHECK (currency IN ('PLN', 'CZK')),
      number_prefix text NOT NULL CHECK (number_prefix ~ '^[0-9]{1,8}$'),
      number_length integer NOT NULL CHECK (number_length BETWEEN 8 AND 19),
      next_serial bigint NOT NULL DEFAULT 1 CHECK (next_serial >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, code),
      UNIQUE (tenant_id, number_prefix),
      CHECK (length(number_prefix) + 2 <= number_length)
    )`);
  await knex.raw(`
    CREATE TABLE cards (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_type_id uuid NOT NULL,
      client_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned', 'rejected', 'issued',
        'active', 'blocked', 'replaced', 'expired')),
      state_since timestamptz NOT NULL,
      number text CHECK (number ~ '^[0-9]{8,19}$'),
      account_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, number)
    )`);
  await knex.raw(`CREATE UNIQUE INDEX cards_one_open ON cards (tenant_id, client_id, card_type_id)
    WHERE state NOT IN ('rejected', 'replaced', 'expired')`);
  await knex.raw('CREATE INDEX cards_client ON cards (tenant_id, client_id)');
  await knex.raw(`
    CREATE TABLE card_events (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_id uuid NOT NULL,
      transition text NOT NULL CHECK (transition ~ '^[a-z_]+$' AND length(transition) <= 50),
      from_state text NOT NULL,
      to_state text NOT NULL,
      actor_role text NOT NULL CHECK (actor_role IN ('client', 'clerk', 'manager', 'system')),
      actor_id uuid,
      reasons text CHECK (length(reasons) BETWEEN 1 AND 2000),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw('CREATE INDEX card_events_card ON card_events (tenant_id, card_id, occurred_at)');
  for (const table of ['card_types', 'cards', 'card_events']) await protectTenantTable(knex, table);
  await grantToApp(knex, 'card_types', 'SELECT, INSERT, UPDATE (name, activation_fee, next_serial)');
  await grantToApp(knex, 'cards', 'SELECT, INSERT, UPDATE (state, state_since, number, account_id)');
  await grantToApp(knex, 'card_events', 'SELECT, INSERT');
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE cards
    ADD FOREIGN KEY (tenant_id, card_type_id) REFERENCES card_types (tenant_id, id)`);
  await knex.raw(`ALTER TABLE cards
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE card_events
    ADD FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['card_events', 'cards', 'card_types']) await knex.raw('DROP TABLE ??', [table]);
}
