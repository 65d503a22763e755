import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Changes of a city card holder's data or discount by request (issue #23): the holder (online) or
// a clerk asks for a new address, a new name or another discount on an active card, and the
// counter completes the request once it has seen the holder's document and the card.
//
// The requested values are typed columns, not a jsonb: each kind has three or four of them, the
// database checks that a row carries exactly its kind's (and the same discount kinds and postal
// code shape as city_card_applications), and nothing has to be validated again on read.
// - A discount of "none" is a discount change with discount_kind NULL (the discount withdrawn).
// - requested_by: the client's or the staff member's id by requested_by_role, no foreign key
//   (it names one of two tables); completed_by is a staff member.
// - A name change needs a new card (the name is printed on it): new_card_id is the replacement,
//   deposit_account_id the money core's account the 10 zł deposit was paid into (no foreign key,
//   as every account's owner), receipt_number the till's receipt. proof_upload_id has no foreign
//   key, as the application's has none: the retention job purges uploads on its own terms.
// - At most one open request a card: city_card_changes_open.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE city_card_changes (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      card_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('address', 'name', 'discount')),
      street text CHECK (length(street) BETWEEN 1 AND 200),
      postal_code text CHECK (postal_code ~ '^[0-9]{2}-[0-9]{3}$'),
      city text CHECK (length(city) BETWEEN 1 AND 100),
      first_name text CHECK (length(first_name) BETWEEN 1 AND 100),
      last_name text CHECK (length(last_name) BETWEEN 1 AND 100),
      discount_kind text CHECK (discount_kind IN ('student', 'senior', 'disability', 'large_family')),
      discount_valid_until date,
      proof_upload_id uuid,
      requested_at timestamptz NOT NULL,
      requested_by_role text NOT NULL CHECK (requested_by_role IN ('client', 'staff')),
      requested_by_id uuid NOT NULL,
      completed_at timestamptz,
      completed_by uuid,
      cancelled_at timestamptz,
      new_card_id uuid,
      deposit_account_id uuid,
      receipt_number text CHECK (length(receipt_number) BETWEEN 1 AND 50),
      PRIMARY KEY (tenant_id, id),
      CHECK ((kind = 'address') = (street IS NOT NULL AND postal_code IS NOT NULL AND city IS NOT NULL)),
      CHECK ((kind = 'name') = (first_name IS NOT NULL AND last_name IS NOT NULL)),
      CHECK (kind = 'discount' OR (discount_kind IS NULL AND proof_upload_id IS NULL)),
      CHECK ((discount_kind IS NULL) = (discount_valid_until IS NULL)),
      CHECK (discount_kind IS NULL OR proof_upload_id IS NOT NULL),
      CHECK ((completed_at IS NULL) = (completed_by IS NULL)),
      CHECK (completed_at IS NULL OR cancelled_at IS NULL),
      CHECK (kind = 'name' OR (new_card_id IS NULL AND deposit_account_id IS NULL AND receipt_number IS NULL))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX city_card_changes_open ON city_card_changes (tenant_id, card_id)
    WHERE completed_at IS NULL AND cancelled_at IS NULL`);
  await knex.raw('CREATE INDEX city_card_changes_card ON city_card_changes (tenant_id, card_id)');
  await protectTenantTable(knex, 'city_card_changes');
  await grantToApp(
    knex,
    'city_card_changes',
    'SELECT, INSERT, UPDATE (completed_at, completed_by, cancelled_at, new_card_id, deposit_account_id, receipt_number)',
  );
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE city_card_changes
    ADD FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE city_card_changes
    ADD FOREIGN KEY (tenant_id, new_card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE city_card_changes
    ADD FOREIGN KEY (tenant_id, completed_by) REFERENCES staff (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE city_card_changes');
}
