import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The housing e-BOK (issue #21): a tenant's buildings and premises, the residents' rights to
// them, and the monthly fees with their basis. A premises' money is in the money core
// (money_accounts owned by the premises, one per fund). Areas are kept in hundredths of a
// square metre and rates in minor units, so a fee is computed in integers. A right ends by its
// last day being set (valid_to), the one change a right takes; who linked or ended it is in
// the audit log. Staff edit through the app role, which gets no DELETE on any of them: a
// mistaken right is ended on the day it began.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE buildings (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      street text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
      house_number text NOT NULL CHECK (length(house_number) BETWEEN 1 AND 20),
      postal_code text NOT NULL CHECK (length(postal_code) BETWEEN 1 AND 10),
      city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, street, house_number, city)
    )`);
  await knex.raw(`
    CREATE TABLE premises (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      building_id uuid NOT NULL,
      number text NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
      kind text NOT NULL CHECK (kind IN ('residential', 'commercial', 'garage')),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
      area_hundredths integer NOT NULL CHECK (area_hundredths > 0),
      persons integer NOT NULL CHECK (persons BETWEEN 0 AND 99),
      account_number text CHECK (account_number ~ '^[0-9]{26}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, code),
      UNIQUE (tenant_id, account_number),
      UNIQUE (tenant_id, building_id, kind, number)
    )`);
  await knex.raw(`
    CREATE TABLE premises_rights (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      premises_id uuid NOT NULL,
      client_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ownership', 'cooperative', 'tenancy')),
      valid_from date NOT NULL,
      valid_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    )`);
  await knex.raw('CREATE INDEX premises_rights_client ON premises_rights (tenant_id, client_id)');
  await knex.raw('CREATE INDEX premises_rights_premises ON premises_rights (tenant_id, premises_id)');
  await knex.raw(`
    CREATE TABLE fee_components (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      premises_id uuid NOT NULL,
      fund text NOT NULL CHECK (fund IN ('maintenance', 'repair_fund')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      basis text NOT NULL CHECK (basis IN ('area', 'persons', 'fixed')),
      rate bigint NOT NULL CHECK (rate >= 0),
      valid_from date NOT NULL,
      valid_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    )`);
  await knex.raw('CREATE INDEX fee_components_premises ON fee_components (tenant_id, premises_id, valid_from)');
  await knex.raw(`
    CREATE TABLE allowance_decisions (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      premises_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      monthly_amount bigint NOT NULL CHECK (monthly_amount > 0),
      valid_from date NOT NULL,
      valid_to date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (valid_to >= valid_from)
    )`);
  await knex.raw('CREATE INDEX allowance_decisions_premises ON allowance_decisions (tenant_id, premises_id)');
  for (const table of ['buildings', 'premises', 'premises_rights', 'fee_components', 'allowance_decisions']) {
    await protectTenantTable(knex, table);
  }
  await grantToApp(knex, 'buildings', 'SELECT, INSERT');
  await grantToApp(knex, 'premises', 'SELECT, INSERT, UPDATE');
  await grantToApp(knex, 'premises_rights', 'SELECT, INSERT, UPDATE (valid_to)');
  await grantToApp(knex, 'fee_components', 'SELECT, INSERT, UPDATE (valid_to)');
  await grantToApp(knex, 'allowance_decisions', 'SELECT, INSERT');
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE premises
    ADD FOREIGN KEY (tenant_id, building_id) REFERENCES buildings (tenant_id, id)`);
  await knex.raw(`ALTER TABLE premises_rights
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
  await knex.raw(`ALTER TABLE premises_rights
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE fee_components
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
  await knex.raw(`ALTER TABLE allowance_decisions
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['allowance_decisions', 'fee_components', 'premises_rights', 'premises', 'buildings']) {
    await knex.raw('DROP TABLE ??', [table]);
  }
}
