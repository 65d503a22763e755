import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Money accounts (issue #20): what a holder owes or has paid, one account per holder, currency
// and kind (fees, repair fund, e-purse, deposit). The holder is a client, a premises or a card,
// named by kind and id without a foreign key: premises and cards are other contexts' tables yet
// to come, and an account (with its ledger) outlives a client anonymised or gone, as
// bookkeeping must. The row is what posting locks (FOR UPDATE) to serialise an account's
// ledger, hence the app's UPDATE grant; its money lives in ledger_entries.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE money_accounts (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      owner_kind text NOT NULL CHECK (owner_kind IN ('client', 'premises', 'card')),
      owner_id uuid NOT NULL,
      currency text NOT NULL CHECK (currency IN ('PLN', 'CZK')),
      kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$' AND length(kind) <= 50),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      opened_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw('CREATE INDEX money_accounts_owner ON money_accounts (tenant_id, owner_kind, owner_id)');
  await protectTenantTable(knex, 'money_accounts');
  await grantToApp(knex, 'money_accounts', 'SELECT, INSERT, UPDATE');
  await distributeSchema(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE money_accounts');
}
