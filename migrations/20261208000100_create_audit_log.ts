import type { Knex } from 'knex';
import { distributeSchema } from '../src/platform/db/citus.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { applyFunction } from '../src/platform/db/functions.ts';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';

// The audit log (issue #18, src/platform/audit/): one row for each staff action that shows a
// client's personal data or changes anything, written in the transaction of the action.
//
// Append-only, twice over. The grants: the app role may INSERT and SELECT, nothing else; the
// worker role may SELECT the columns its purge reads and DELETE. And a trigger, which holds
// against the owner too (it owns the table, so grants do not bind it): every UPDATE, DELETE and
// TRUNCATE is refused, but for the worker role deleting a row older than its tenant's retention
// (tenants.settings -> audit -> retentionDays). A raising trigger sends no NOTIFY, so it is
// safe on Citus's shards, where it runs (docs/scaling.md, Triggers that refuse).
//
// - occurred_at is the database's time, not the writer's: a trigger sets it on every insert but
//   the owner's (tests, an operator's repair), so no caller can backdate an entry into the
//   purge's reach. Not a column grant: Citus does not copy a column-level INSERT to the shards
//   (measured: "permission denied for table audit_log_102062"). Milliseconds, as a JavaScript
//   Date holds them, so a page's cursor carries the exact value.
// - actor_id and subject_id are no foreign keys: the log outlives the staff member, the client
//   (anonymised or deleted) and whatever else it names.
// - The tenant key has no ON DELETE CASCADE: a tenant with an audit log cannot be deleted by
//   accident; its rows leave by retention.
// - No raw PESEL: recordAudit() masks every run of eleven digits, and the CHECKs below refuse a
//   row that still has one, whoever writes it. The action and kinds are words without digits.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE audit_log (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      occurred_at timestamptz(3) NOT NULL DEFAULT now(),
      actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'operator', 'client')),
      actor_id uuid,
      actor_role text CHECK (actor_role IN ('clerk', 'manager')),
      action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$' AND length(action) <= 100),
      subject_kind text NOT NULL CHECK (subject_kind ~ '^[a-z_]+$' AND length(subject_kind) <= 50),
      subject_id uuid NOT NULL,
      -- {field: [before, after]}
      changes jsonb CHECK (jsonb_typeof(changes) = 'object' AND changes::text !~ '[0-9]{11}'),
      request_id text NOT NULL CHECK (length(request_id) <= 200 AND request_id !~ '[0-9]{11}'),
      ip inet,
      PRIMARY KEY (tenant_id, id),
      -- A staff member has an id and a role; the operator (the CLI) neither; a client an id.
      CONSTRAINT audit_log_actor CHECK (CASE actor_kind
        WHEN 'staff' THEN actor_id IS NOT NULL AND actor_role IS NOT NULL
        WHEN 'client' THEN actor_id IS NOT NULL AND actor_role IS NULL
        ELSE actor_id IS NULL AND actor_role IS NULL END)
    )`);
  // Newest first, the managers' page; its keyset (occurred_at, id), each filter with its own
  // index in the same order; the purge reads the first one per tenant from the old end.
  await knex.raw('CREATE INDEX audit_log_recent ON audit_log (tenant_id, occurred_at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_log_by_actor ON audit_log (tenant_id, actor_id, occurred_at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_log_by_subject ON audit_log (tenant_id, subject_id, occurred_at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_log_by_action ON audit_log (tenant_id, action, occurred_at DESC, id DESC)');
  await protectTenantTable(knex, 'audit_log');
  await grantToApp(knex, 'audit_log', 'SELECT, INSERT');
  await grantToWorker(knex, 'audit_log', 'SELECT (tenant_id, id, occurred_at), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON audit_log FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON audit_log FOR DELETE TO ${WORKER_ROLE} USING (true)`);

  // The trigger functions and the retention they read, kept as files (migrations/functions/).
  for (const name of ['audit_retention_days', 'audit_log_append_only', 'audit_log_stamp']) {
    await applyFunction(knex, name);
  }
  await knex.raw(`
    CREATE TRIGGER audit_log_stamped BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_stamp()`);
  await knex.raw(`
    CREATE TRIGGER audit_log_rows_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  await knex.raw(`
    CREATE TRIGGER audit_log_truncate_refused BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  await distributeSchema(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE audit_log');
  await knex.raw('DROP FUNCTION audit_log_append_only()');
  await knex.raw('DROP FUNCTION audit_log_stamp()');
  await knex.raw('DROP FUNCTION audit_retention_days(uuid)');
}
