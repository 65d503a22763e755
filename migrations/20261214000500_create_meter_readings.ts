import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Meter readings (issue #21): what a premises' water and heat meters showed on a day, recorded
// by staff and shown to the premises' right holders for the days their rights cover. A meter
// is its premises, its kind and its number; its unit follows from the kind (water in m³, heat
// in GJ), and the value is kept in thousandths of that unit, as meters show three decimals and
// as media_settlements keeps consumption. A reading is never edited: a mistaken one is followed
// by a correct one on another day (the app role has no UPDATE or DELETE). `replacement` marks
// the first reading of a new meter in the same place, which may be lower than the last one.
// One reading a day per meter, a unique key with tenant_id first as Citus needs.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE meter_readings (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      premises_id uuid NOT NULL,
      meter_kind text NOT NULL CHECK (meter_kind IN ('water_cold', 'water_hot', 'heat')),
      meter_number text NOT NULL CHECK (length(meter_number) BETWEEN 1 AND 30),
      read_on date NOT NULL,
      value_thousandths bigint NOT NULL CHECK (value_thousandths >= 0),
      replacement boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, premises_id, meter_kind, meter_number, read_on)
    )`);
  await protectTenantTable(knex, 'meter_readings');
  await grantToApp(knex, 'meter_readings', 'SELECT, INSERT');
  await distributeSchema(knex);
  await knex.raw(`ALTER TABLE meter_readings
    ADD FOREIGN KEY (tenant_id, premises_id) REFERENCES premises (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE meter_readings');
}
