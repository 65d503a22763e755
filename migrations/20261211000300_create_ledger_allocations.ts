import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Which credit settled which debt (issue #20), so that what is overdue is a query: a credit
// (a payment, an allowance, an opening overpayment) settles a debit (a charge, an opening
// debt) by `amount`. Append-only like the entries: undoing a settlement (the payment or the
// charge was reversed) is a row of the same pair with the negative amount, so a pair's sum
// is what stands. Both entries are of the row's account (the composite foreign keys).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE ledger_allocations (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      credit_entry_id uuid NOT NULL,
      debit_entry_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount <> 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw(`CREATE INDEX ledger_allocations_account
    ON ledger_allocations (tenant_id, account_id) INCLUDE (credit_entry_id, debit_entry_id, amount)`);
  await protectTenantTable(knex, 'ledger_allocations');
  await grantToApp(knex, 'ledger_allocations', 'SELECT, INSERT');
  await knex.raw(`CREATE TRIGGER ledger_allocations_append_only BEFORE UPDATE OR DELETE ON ledger_allocations
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  await knex.raw(`CREATE TRIGGER ledger_allocations_truncate_refused BEFORE TRUNCATE ON ledger_allocations
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
  await distributeSchema(knex);
  await knex.raw(`ALTER TABLE ledger_allocations
    ADD FOREIGN KEY (tenant_id, account_id) REFERENCES money_accounts (tenant_id, id)`);
  await knex.raw(`ALTER TABLE ledger_allocations
    ADD FOREIGN KEY (tenant_id, account_id, credit_entry_id) REFERENCES ledger_entries (tenant_id, account_id, id)`);
  await knex.raw(`ALTER TABLE ledger_allocations
    ADD FOREIGN KEY (tenant_id, account_id, debit_entry_id) REFERENCES ledger_entries (tenant_id, account_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE ledger_allocations');
}
