import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The city transport e-card at the counter (issue #23, source 001): the cards sold to the bearer,
// and what the portal hands the operator's ticketing system. The e-purse and the tickets are that
// system's; the portal keeps the card's record and the loads it took money for, and exports them.
//
// - city_bearer_cards: a card "na okaziciela", sold at the till without an application. It has no
//   holder, so it is not a row of cards (whose client_id, holder PESEL, application and workflow
//   all say who holds it): it is sold active, with a number from its city card type's serial (the
//   one the personal cards are numbered from, so no number is given twice), the money account its
//   loads are paid to and the one that holds its refundable deposit (both the money core's,
//   owned by the card, with no foreign key as every account's owner), and blocked by a clerk.
// - ticketing_loads: what the ticketing system is to put on a card: the first top-up or period
//   ticket taken at a handover or a bearer sale, and what a replacement moves from the old card
//   to the new one (its tickets still valid, the e-purse balance the portal knows of). A load is
//   pending until a manager marks it exported; it names a personal card or a bearer card, never
//   both. A ticket keeps its name, price and days as sold, whatever the catalogue says later.
// - The hot list is no table: it is the cards blocked (and replaced, whose plastic is still out
//   there) read from cards and card_events, so a block is in it the moment its transaction
//   commits. cards_hot_list keeps that read to the few blocked cards of a tenant, and cards_ready
//   the lapse job's to the cards waiting at the counter.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE city_bearer_cards (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_type_id uuid NOT NULL,
      number text NOT NULL CHECK (number ~ '^[0-9]{8,19}$'),
      state text NOT NULL CHECK (state IN ('active', 'blocked')),
      sold_at timestamptz NOT NULL,
      sold_by uuid NOT NULL,
      account_id uuid NOT NULL,
      deposit_account_id uuid NOT NULL,
      blocked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, number),
      CHECK ((state = 'blocked') = (blocked_at IS NOT NULL))
    )`);
  await knex.raw(`
    CREATE TABLE ticketing_loads (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_id uuid,
      bearer_card_id uuid,
      kind text NOT NULL CHECK (kind IN ('top_up', 'ticket', 'balance')),
      origin text NOT NULL CHECK (origin IN ('handover', 'bearer_sale', 'replacement')),
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL CHECK (currency IN ('PLN', 'CZK')),
      pass_type_id uuid,
      ticket_name text CHECK (length(ticket_name) BETWEEN 1 AND 100),
      valid_from date,
      valid_until date,
      moved_from_card_id uuid,
      created_at timestamptz NOT NULL,
      exported_at timestamptz,
      exported_by uuid,
      PRIMARY KEY (tenant_id, id),
      CHECK (num_nonnulls(card_id, bearer_card_id) = 1),
      CHECK ((kind = 'ticket') = (ticket_name IS NOT NULL AND valid_from IS NOT NULL AND valid_until IS NOT NULL)),
      CHECK (valid_until >= valid_from),
      CHECK ((origin = 'replacement') = (moved_from_card_id IS NOT NULL)),
      CHECK ((exported_at IS NULL) = (exported_by IS NULL))
    )`);
  await knex.raw(`CREATE INDEX ticketing_loads_pending ON ticketing_loads (tenant_id, created_at)
    WHERE exported_at IS NULL`);
  await knex.raw('CREATE INDEX ticketing_loads_card ON ticketing_loads (tenant_id, card_id)');
  await knex.raw('CREATE INDEX ticketing_loads_bearer_card ON ticketing_loads (tenant_id, bearer_card_id)');
  await knex.raw(`CREATE INDEX cards_hot_list ON cards (tenant_id)
    WHERE state IN ('blocked', 'replaced') AND number IS NOT NULL`);
  await knex.raw(`CREATE INDEX cards_ready ON cards (tenant_id) WHERE state = 'ready'`);
  for (const table of ['city_bearer_cards', 'ticketing_loads']) await protectTenantTable(knex, table);
  await grantToApp(knex, 'city_bearer_cards', 'SELECT, INSERT, UPDATE (state, blocked_at)');
  await grantToApp(knex, 'ticketing_loads', 'SELECT, INSERT, UPDATE (exported_at, exported_by)');
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE city_bearer_cards
    ADD FOREIGN KEY (tenant_id, card_type_id) REFERENCES card_types (tenant_id, id)`);
  await knex.raw(`ALTER TABLE city_bearer_cards
    ADD FOREIGN KEY (tenant_id, sold_by) REFERENCES staff (tenant_id, id)`);
  await knex.raw(`ALTER TABLE ticketing_loads
    ADD FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE ticketing_loads
    ADD FOREIGN KEY (tenant_id, bearer_card_id) REFERENCES city_bearer_cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE ticketing_loads
    ADD FOREIGN KEY (tenant_id, moved_from_card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE ticketing_loads
    ADD FOREIGN KEY (tenant_id, pass_type_id) REFERENCES pass_types (tenant_id, id)`);
  await knex.raw(`ALTER TABLE ticketing_loads
    ADD FOREIGN KEY (tenant_id, exported_by) REFERENCES staff (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX cards_ready');
  await knex.raw('DROP INDEX cards_hot_list');
  await knex.raw('DROP TABLE ticketing_loads');
  await knex.raw('DROP TABLE city_bearer_cards');
}
