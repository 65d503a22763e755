import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';
import { applyFunction } from '../src/platform/db/functions.ts';

// The ledger (issue #20): every amount that changes what an account's holder owes, in integer
// minor units (grosze, haléře). An entry's amount is what it adds to the debt: a charge is
// positive, a payment and an allowance negative, an opening balance either, a correction minus
// the entry it reverses (same account, at most once: the unique key and the composite foreign
// key below; the amount is the service's, which reads the reversed entry under the account's
// lock). Append-only like the audit log: the app may SELECT and INSERT, and a trigger refuses
// UPDATE, DELETE and TRUNCATE to everyone with 42501.
//
// - (tenant_id, account_id, booked_on) INCLUDE (amount) answers the balance as of a date and a
//   period's turnover from the index alone.
// - The tenant key does not cascade: a tenant with a ledger is not deleted by accident.
// - payment_intent_id is unique: a provider's notification replayed credits once. No foreign
//   key: the intents are the payments' table, and a counter payment has none.
// - (tenant_id, account_id, id) is unique so that corrections and allocations can name an entry
//   of the same account (their foreign keys carry the account).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE ledger_entries (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('opening_balance', 'charge', 'payment', 'allowance', 'correction')),
      amount bigint NOT NULL CHECK (amount <> 0),
      booked_on date NOT NULL,
      due_on date,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      reverses_entry_id uuid,
      payment_source text CHECK (payment_source IN ('online', 'cash', 'card', 'transfer')),
      receipt_number text CHECK (length(receipt_number) BETWEEN 1 AND 50),
      payment_intent_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, account_id, id),
      UNIQUE (tenant_id, reverses_entry_id),
      UNIQUE (tenant_id, payment_intent_id),
      CONSTRAINT ledger_entries_sign CHECK (CASE kind
        WHEN 'charge' THEN amount > 0
        WHEN 'payment' THEN amount < 0
        WHEN 'allowance' THEN amount < 0
        ELSE true END),
      -- What is owed has a due date: a charge, and a debt brought in as an opening balance.
      CONSTRAINT ledger_entries_due CHECK (CASE
        WHEN kind = 'charge' THEN due_on IS NOT NULL
        WHEN kind = 'opening_balance' AND amount > 0 THEN due_on IS NOT NULL
        ELSE due_on IS NULL END),
      CONSTRAINT ledger_entries_reverses CHECK ((kind = 'correction') = (reverses_entry_id IS NOT NULL)),
      CONSTRAINT ledger_entries_payment CHECK (kind = 'payment' OR
        (payment_source IS NULL AND receipt_number IS NULL AND payment_intent_id IS NULL)),
      CONSTRAINT ledger_entries_payment_source CHECK (kind <> 'payment' OR payment_source IS NOT NULL)
    )`);
  await knex.raw(`CREATE INDEX ledger_entries_booked
    ON ledger_entries (tenant_id, account_id, booked_on) INCLUDE (amount)`);
  await protectTenantTable(knex, 'ledger_entries');
  await grantToApp(knex, 'ledger_entries', 'SELECT, INSERT');
  await applyFunction(knex, 'ledger_append_only');
  await knex.raw(`CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  await knex.raw(`CREATE TRIGGER ledger_entries_truncate_refused BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE ledger_entries
    ADD FOREIGN KEY (tenant_id, account_id) REFERENCES money_accounts (tenant_id, id)`);
  await knex.raw(`ALTER TABLE ledger_entries
    ADD FOREIGN KEY (tenant_id, account_id, reverses_entry_id) REFERENCES ledger_entries (tenant_id, account_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE ledger_entries');
  await knex.raw('DROP FUNCTION ledger_append_only()');
}
