import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';

// express-session rows, written by connect-pg-simple through a tenant-scoped transaction
// (src/platform/sessions/session-store.ts). The columns connect-pg-simple knows are sid, sess and
// expire; tenant_id comes from the transaction, and user, kind and sign-in time are generated
// from the session JSON so sessions can be listed and ended per user without scanning JSON.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sessions (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      sid text NOT NULL,
      sess jsonb NOT NULL,
      expire timestamptz NOT NULL,
      user_id uuid GENERATED ALWAYS AS ((sess -> 'auth' ->> 'userId')::uuid) STORED,
      kind text GENERATED ALWAYS AS (sess -> 'auth' ->> 'kind') STORED,
      signed_in_ms bigint GENERATED ALWAYS AS ((sess -> 'auth' ->> 'signedInAt')::bigint) STORED,
      PRIMARY KEY (tenant_id, sid),
      -- connect-pg-simple upserts with ON CONFLICT (sid). A sid is 192 random bits made by the
      -- server, so its global uniqueness tells nobody anything about another tenant.
      CONSTRAINT sessions_sid_key UNIQUE (sid)
    )`);
  await knex.raw('CREATE INDEX sessions_user ON sessions (tenant_id, user_id) WHERE user_id IS NOT NULL');
  await knex.raw('CREATE INDEX sessions_expire ON sessions (expire)');
  await protectTenantTable(knex, 'sessions');
  await grantToApp(knex, 'sessions', 'SELECT, INSERT, UPDATE, DELETE');
  // Pruning expired sessions is the worker's cross-tenant job, not every web process's; it
  // may see when a session expires, never which session (a sid is a bearer credential) nor
  // what it holds.
  await grantToWorker(knex, 'sessions', 'SELECT (expire), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON sessions FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON sessions FOR DELETE TO ${WORKER_ROLE} USING (true)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
}
