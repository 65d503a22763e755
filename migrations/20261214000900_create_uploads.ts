import type { Knex } from 'knex';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// Files uploaded through the portal (src/platform/uploads/): first the housing import's CSV
// (issue #21), later the e-card's photos and proofs (issue #23). A file is kept in the tenant's
// database, under its RLS like everything else of the tenant, for as long as the feature that
// asked for it (its purpose) needs it; the worker purges it after that. Each belongs to the
// member of staff or the client who sent it (exactly one of the two), and is read back only by
// its purpose and its owner. used_at says the owning feature has used it (an import committed),
// so it is used once; outcome is that feature's own note of what it found and did, shown back
// to the owner. The content is never changed: the app role may only mark it used.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE uploads (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      purpose text NOT NULL CHECK (purpose ~ '^[a-z]+(-[a-z]+)*$'),
      staff_id uuid,
      client_id uuid,
      media_type text NOT NULL CHECK (length(media_type) BETWEEN 3 AND 100),
      file_name text CHECK (length(file_name) <= 255),
      size integer NOT NULL CHECK (size >= 0),
      content bytea NOT NULL,
      outcome jsonb,
      created_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      CONSTRAINT uploads_one_owner CHECK ((staff_id IS NULL) <> (client_id IS NULL)),
      CONSTRAINT uploads_size CHECK (size = length(content))
    )`);
  await knex.raw('CREATE INDEX uploads_created ON uploads (purpose, created_at)');
  await protectTenantTable(knex, 'uploads');
  await grantToApp(knex, 'uploads', 'SELECT, INSERT, UPDATE (used_at, outcome)');
  // The purge (platform/uploads/uploads.repo.ts) sees what decides it, never the content.
  await grantToWorker(knex, 'uploads', 'SELECT (tenant_id, id, purpose, created_at), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON uploads FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON uploads FOR DELETE TO ${WORKER_ROLE} USING (true)`);
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE uploads
    ADD FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id)`);
  await knex.raw(`ALTER TABLE uploads
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE uploads');
}
