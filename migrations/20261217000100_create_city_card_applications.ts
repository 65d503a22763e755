import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The city transport e-card's application (issue #23, source 001): what the Client Card never
// needed, because there the account is the holder. A city card's holder is a person named by
// their PESEL, who need not be the account that applies (a parent applies for a child), so:
//
// - cards gets the holder's PESEL (the next migration, 20261217000110: Citus takes no DDL on a
//   distributed table and a new table's reference to tenants in one transaction).
// - city_card_applications holds the rest, one row per card from its draft on: the holder's name,
//   birth date and address; how they apply (applicationRoute, src/lib/legal-capacity.ts) and
//   whose consent or on whose behalf; the identity document the clerk checks at pickup; the
//   photo and the discount's proof (uploads of the card's purposes, read through their purpose
//   and never by a foreign key: the worker purges them after their retention period, and the
//   application keeps saying what was there); when it was last submitted, which starts the
//   pickup window; and when the photo was handed back. A draft may lack anything; submitting
//   checks it is complete (city/application-rules.ts). `reference` is what the applicant is told
//   to quote: short, unique per tenant, not guessable from another.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE city_card_applications (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      card_id uuid NOT NULL,
      reference text NOT NULL CHECK (reference ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}$'),
      holder_first_name text NOT NULL CHECK (length(holder_first_name) BETWEEN 1 AND 100),
      holder_last_name text NOT NULL CHECK (length(holder_last_name) BETWEEN 1 AND 100),
      holder_birth_date date NOT NULL,
      incapacity text NOT NULL CHECK (incapacity IN ('none', 'partial', 'full')),
      street text CHECK (length(street) BETWEEN 1 AND 200),
      postal_code text CHECK (postal_code ~ '^[0-9]{2}-[0-9]{3}$'),
      city text CHECK (length(city) BETWEEN 1 AND 100),
      representative_name text CHECK (length(representative_name) BETWEEN 1 AND 200),
      representative_relation text CHECK (representative_relation IN ('parent', 'legal_guardian', 'guardian',
        'curator')),
      consent_declared_at timestamptz,
      id_document_kind text CHECK (id_document_kind IN ('id_card', 'passport', 'residence_card', 'school_id')),
      id_document_number text CHECK (id_document_number ~ '^[0-9A-Z]{5,20}$'),
      photo_upload_id uuid,
      discount_kind text CHECK (discount_kind IN ('student', 'senior', 'disability', 'large_family')),
      discount_valid_until date,
      proof_upload_id uuid,
      submitted_at timestamptz,
      photo_returned_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, card_id),
      UNIQUE (tenant_id, reference),
      CHECK ((discount_kind IS NULL) = (discount_valid_until IS NULL))
    )`);
  await protectTenantTable(knex, 'city_card_applications');
  await grantToApp(
    knex,
    'city_card_applications',
    `SELECT, INSERT, UPDATE (holder_first_name, holder_last_name, holder_birth_date, incapacity, street,
      postal_code, city, representative_name, representative_relation, consent_declared_at, id_document_kind,
      id_document_number, photo_upload_id, discount_kind, discount_valid_until, proof_upload_id, submitted_at,
      photo_returned_at, updated_at)`,
  );
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE city_card_applications
    ADD FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE city_card_applications');
}
