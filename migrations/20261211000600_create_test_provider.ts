import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The built-in test provider (issue #20), refused in production: what a real provider keeps on
// its side, a transaction registered by a merchant (here the tenant) and the notifications it
// owes the merchant, delivered by the worker with retries like the mail outbox.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE test_provider_transactions (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      session_id text NOT NULL,
      order_id uuid NOT NULL DEFAULT gen_random_uuid(),
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL,
      description text NOT NULL,
      email text NOT NULL,
      return_url text NOT NULL,
      notify_url text NOT NULL,
      status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'paid', 'failed', 'abandoned')),
      created_at timestamptz NOT NULL,
      decided_at timestamptz,
      PRIMARY KEY (tenant_id, session_id)
    )`);
  await protectTenantTable(knex, 'test_provider_transactions');
  await grantToApp(knex, 'test_provider_transactions', 'SELECT, INSERT, UPDATE');

  await knex.raw(`
    CREATE TABLE test_provider_notifications (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      session_id text NOT NULL,
      notify_url text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw(
    "CREATE INDEX test_provider_notifications_due ON test_provider_notifications (tenant_id, next_attempt_at) WHERE status = 'queued'",
  );
  await protectTenantTable(knex, 'test_provider_notifications');
  await grantToApp(knex, 'test_provider_notifications', 'SELECT, INSERT');
  await grantToWorker(knex, 'test_provider_notifications', 'SELECT, UPDATE');
  await knex.raw(
    `CREATE POLICY worker_delivers ON test_provider_notifications TO ${WORKER_ROLE} USING (true) WITH CHECK (true)`,
  );
  await distributeSchema(knex);
  await knex.raw(`ALTER TABLE test_provider_notifications
    ADD FOREIGN KEY (tenant_id, session_id) REFERENCES test_provider_transactions (tenant_id, session_id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE test_provider_notifications');
  await knex.raw('DROP TABLE test_provider_transactions');
}
