import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Media settlements (issue #21, source 004): at a period's end the cooperative settles what a
// premises used of water or heating against the advances it paid, and the result is charged
// or refunded through the ledger (the entry it produced named here). Consumption is kept in
// thousandths of its unit, money in minor units; a settlement is never edited, as its entry.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE media_settlements (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      premises_id uuid NOT NULL,
      medium text NOT NULL CHECK (medium IN ('water', 'heating')),
      period_from date NOT NULL,
      period_to date NOT NULL,
      consumption_thousandths bigint NOT NULL CHECK (consumption_thousandths >= 0),
      unit text NOT NULL CHECK (unit IN ('m3', 'GJ')),
      advances bigint NOT NULL CHECK (advances >= 0),
      cost bigint NOT NULL CHECK (cost >= 0),
      entry_id uuid,
      settled_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK (period_to >= period_from)
    )`);
  await knex.raw('CREATE INDEX media_settlements_premises ON media_settlements (tenant_id, premises_id, settled_on)');
  await protectTenantTable(knex, 'media_settlements');
  await grantToApp(knex, 'media_settlements', 'SELECT, INSERT');
  await distributeSchema(knex);
  await knex.raw(`ALTER TABLE media_settlements
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE media_settlements');
}
