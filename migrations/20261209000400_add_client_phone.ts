import type { Knex } from 'knex';
import { grantToWorker } from '../src/platform/db/schema-helpers.ts';

// A client's phone number (issue #19), given at the counter: kept normalised (src/lib/phone.ts)
// and found by its last nine digits, so "601 234 567" finds "+48601234567". The anonymising
// worker clears it with the other personal data.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE clients
      ADD COLUMN phone text,
      ADD COLUMN phone_key text COLLATE "C" GENERATED ALWAYS AS (right(phone, 9)) STORED`);
  // A constraint of its own: Citus refuses ADD COLUMN with one. {0,1} rather than a question
  // mark, which knex reads as a binding in raw SQL.
  await knex.raw(`ALTER TABLE clients ADD CONSTRAINT clients_phone_format CHECK (phone ~ '^[+]{0,1}[0-9]{9,15}$')`);
  await knex.raw('CREATE INDEX clients_phone ON clients (tenant_id, phone_key)');
  await grantToWorker(knex, 'clients', 'UPDATE (phone)');
  await knex.raw('ALTER TABLE clients DROP CONSTRAINT clients_anonymised_has_nothing');
  await knex.raw(`
    ALTER TABLE clients ADD CONSTRAINT clients_anonymised_has_nothing CHECK (status <> 'anonymised' OR (email IS NULL
      AND login IS NULL AND phone IS NULL AND national_id_sealed IS NULL AND password_hash IS NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE clients DROP CONSTRAINT clients_anonymised_has_nothing');
  await knex.raw(`
    ALTER TABLE clients ADD CONSTRAINT clients_anonymised_has_nothing CHECK (status <> 'anonymised' OR (email IS NULL
      AND login IS NULL AND national_id_sealed IS NULL AND password_hash IS NULL))`);
  await knex.raw('ALTER TABLE clients DROP COLUMN phone_key, DROP COLUMN phone');
}
