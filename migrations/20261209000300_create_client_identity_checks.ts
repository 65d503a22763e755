import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// A client made at the counter (issue #19) was seen in person: the document shown (its kind
// and the last four characters of its number, never the whole number), who checked it and
// when, and, for a minor, who represents them. Written once with the client, never changed;
// a later check is a new row.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE client_identity_checks (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      document_type text NOT NULL CHECK (document_type IN ('id_card', 'passport', 'residence_card', 'driving_licence')),
      document_ending text NOT NULL CHECK (document_ending ~ '^[A-Z0-9]{4}$'),
      representative_name text CHECK (length(representative_name) BETWEEN 1 AND 200),
      representative_relation text CHECK (representative_relation IN ('parent', 'legal_guardian')),
      checked_by uuid NOT NULL,
      checked_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      CHECK ((representative_name IS NULL) = (representative_relation IS NULL))
    )`);
  await knex.raw('CREATE INDEX client_identity_checks_client ON client_identity_checks (tenant_id, client_id)');
  await protectTenantTable(knex, 'client_identity_checks');
  await grantToApp(knex, 'client_identity_checks', 'SELECT, INSERT');
  // The worker deletes a client's checks when it anonymises the client (a representative's
  // name is personal data too), and reads only what finds them.
  await grantToWorker(knex, 'client_identity_checks', 'SELECT (tenant_id, client_id), DELETE');
  await knex.raw(`CREATE POLICY worker_finds ON client_identity_checks FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON client_identity_checks FOR DELETE TO ${WORKER_ROLE} USING (true)`);
  await distributeSchema(knex);
  // After distributing: on Citus a table is created on the coordinator alone, and a foreign key
  // from such a table to a distributed one (clients, staff) is refused; between co-located
  // distributed tables it is kept on each shard. One constraint a statement: Citus refuses more.
  await knex.raw(`ALTER TABLE client_identity_checks
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE client_identity_checks
    ADD FOREIGN KEY (tenant_id, checked_by) REFERENCES staff (tenant_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE client_identity_checks');
}
