import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Season passes (issue #22): the tenant's catalogue, the entitlements to reduced prices a clerk
// records, the passes on clients' cards and the entries recorded at the counter.
//
// A pass type is sold for cards of one card type; it is valid for a number of days, or for a
// number of entries, or both (ten entries within ninety days). Its reduced price is for clients
// with a recorded entitlement of one kind, and may be limited to `reduced_left` passes: taken by
// an UPDATE … WHERE reduced_left > 0, so of two buyers of the last one only one gets it.
//
// An entitlement is appended, never changed: the latest recorded of a kind for a client is the
// one that counts (a clerk who erred records it again), with its last day.
//
// A pass is one row from its purchase: unpaid (bought online, its charge on the card's account),
// valid (paid: its days count from the day it was paid), or cancelled (never paid: its charge
// reversed). It sits on one card (card_id, never null), which a replacement changes for every
// pass of the old card at once; entries_left never goes below zero (CHECK, and the UPDATE that
// records an entry asks for > 0). A pass bought online carries the key of the form it was bought
// with, so the same form sent twice (a double click) buys one. pass_entries is appended, never
// changed.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE pass_types (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_type_id uuid NOT NULL,
      code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 50),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      facility text NOT NULL CHECK (length(facility) BETWEEN 1 AND 100),
      price bigint NOT NULL CHECK (price > 0),
      reduced_price bigint CHECK (reduced_price > 0),
      reduced_for text CHECK (reduced_for IN ('student', 'senior', 'disability', 'large_family')),
      reduced_left integer CHECK (reduced_left >= 0),
      validity_days integer CHECK (validity_days BETWEEN 1 AND 366),
      entries integer CHECK (entries BETWEEN 1 AND 1000),
      on_sale boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, code),
      CHECK (validity_days IS NOT NULL OR entries IS NOT NULL),
      CHECK ((reduced_price IS NULL) = (reduced_for IS NULL)),
      CHECK (reduced_price < price),
      CHECK (reduced_left IS NULL OR reduced_price IS NOT NULL)
    )`);
  await knex.raw(`
    CREATE TABLE entitlements (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('student', 'senior', 'disability', 'large_family')),
      valid_until date NOT NULL,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw('CREATE INDEX entitlements_client ON entitlements (tenant_id, client_id, kind, recorded_at)');
  await knex.raw(`
    CREATE TABLE passes (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      pass_type_id uuid NOT NULL,
      card_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('unpaid', 'valid', 'cancelled')),
      price bigint NOT NULL CHECK (price > 0),
      reduced boolean NOT NULL,
      charge_entry_id uuid NOT NULL,
      valid_from date,
      valid_until date,
      entries_left integer CHECK (entries_left >= 0),
      bought_at timestamptz NOT NULL,
      paid_at timestamptz,
      purchase_key text CHECK (purchase_key ~ '^[A-Za-z0-9_-]{16,100}$'),
      PRIMARY KEY (tenant_id, id),
      CONSTRAINT passes_purchase_key UNIQUE (tenant_id, purchase_key),
      CHECK (state <> 'valid' OR (valid_from IS NOT NULL AND paid_at IS NOT NULL)),
      CHECK (valid_until >= valid_from)
    )`);
  await knex.raw('CREATE INDEX passes_card ON passes (tenant_id, card_id)');
  await knex.raw(`
    CREATE TABLE pass_entries (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      pass_id uuid NOT NULL,
      card_id uuid NOT NULL,
      staff_id uuid NOT NULL,
      entries_left integer CHECK (entries_left >= 0),
      entered_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw('CREATE INDEX pass_entries_pass ON pass_entries (tenant_id, pass_id, entered_at)');
  for (const table of ['pass_types', 'entitlements', 'passes', 'pass_entries']) await protectTenantTable(knex, table);
  await grantToApp(
    knex,
    'pass_types',
    'SELECT, INSERT, UPDATE (name, facility, price, reduced_price, reduced_for, reduced_left, on_sale)',
  );
  await grantToApp(knex, 'entitlements', 'SELECT, INSERT');
  await grantToApp(
    knex,
    'passes',
    'SELECT, INSERT, UPDATE (state, card_id, valid_from, valid_until, entries_left, paid_at)',
  );
  await grantToApp(knex, 'pass_entries', 'SELECT, INSERT');
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE pass_types
    ADD FOREIGN KEY (tenant_id, card_type_id) REFERENCES card_types (tenant_id, id)`);
  await knex.raw(`ALTER TABLE entitlements
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE entitlements
    ADD FOREIGN KEY (tenant_id, recorded_by) REFERENCES staff (tenant_id, id)`);
  await knex.raw(`ALTER TABLE passes
    ADD FOREIGN KEY (tenant_id, pass_type_id) REFERENCES pass_types (tenant_id, id)`);
  await knex.raw(`ALTER TABLE passes
    ADD FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE pass_entries
    ADD FOREIGN KEY (tenant_id, pass_id) REFERENCES passes (tenant_id, id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['pass_entries', 'passes', 'entitlements', 'pass_types'])
    await knex.raw('DROP TABLE ??', [table]);
}
