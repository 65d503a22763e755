import type { Knex } from 'knex';

// Entries brought in from a tenant's accounting system (issue #21) carry that system's id, so
// importing the same file again books nothing twice: unique per tenant where it is set. An
// entry made in the portal has none. Added without a constraint, then the constraint and the
// index one statement each, as Citus asks (20261209000300).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE ledger_entries ADD COLUMN external_id text');
  await knex.raw(`ALTER TABLE ledger_entries
    ADD CONSTRAINT ledger_entries_external_id CHECK (length(external_id) BETWEEN 1 AND 100)`);
  await knex.raw(`CREATE UNIQUE INDEX ledger_entries_external
    ON ledger_entries (tenant_id, external_id) WHERE external_id IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE ledger_entries DROP COLUMN external_id');
}
