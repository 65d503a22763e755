import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// A client's payment through a provider (issue #20): one row per "Pay", found again by its
// idempotency key (a double click makes one) and by the provider's session id (what the
// provider's notification names). Its state only moves forward; the money itself is the
// ledger's entry, which this row points at once credited and never edits.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE payment_intents (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      account_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL CHECK (currency IN ('PLN', 'CZK')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      charge_ids uuid[] NOT NULL DEFAULT '{}',
      idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 16 AND 100),
      provider text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,30}$'),
      provider_session_id text NOT NULL CHECK (length(provider_session_id) BETWEEN 1 AND 100),
      provider_order_id text,
      redirect_url text,
      state text NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'pending', 'paid', 'failed', 'expired')),
      credited_entry_id uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      paid_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, idempotency_key),
      UNIQUE (tenant_id, provider, provider_session_id)
    )`);
  await knex.raw('CREATE INDEX payment_intents_client ON payment_intents (tenant_id, client_id, created_at DESC)');
  await knex.raw('CREATE INDEX payment_intents_listed ON payment_intents (tenant_id, created_at DESC, id DESC)');
  // What the expiry job looks for across tenants: the few intents still open.
  await knex.raw(
    "CREATE INDEX payment_intents_open ON payment_intents (created_at) WHERE state IN ('created', 'pending')",
  );
  await protectTenantTable(knex, 'payment_intents');
  await grantToApp(knex, 'payment_intents', 'SELECT, INSERT, UPDATE');
  // The worker expires abandoned intents, and touches nothing else of them.
  await grantToWorker(knex, 'payment_intents', 'SELECT (tenant_id, id, state, created_at), UPDATE (state, updated_at)');
  await knex.raw(`CREATE POLICY worker_expires ON payment_intents TO ${WORKER_ROLE} USING (true) WITH CHECK (true)`);

  // Every notification received, kept for staff whatever became of it: the body's digest (not
  // the body: it is the provider's, and may name the payer), whether its signature held, and
  // what was done; an amount or currency that did not match is kept as reported.
  await knex.raw(`
    CREATE TABLE payment_notifications (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      provider text NOT NULL,
      body_sha256 text NOT NULL,
      verified boolean NOT NULL,
      provider_session_id text,
      intent_id uuid,
      reported_status text,
      reported_amount bigint,
      reported_currency text,
      outcome text NOT NULL CHECK (outcome IN ('credited', 'duplicate', 'failed', 'pending', 'mismatch',
        'badSignature', 'malformed', 'unknownSession', 'notVerified')),
      received_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    )`);
  await knex.raw('CREATE INDEX payment_notifications_received ON payment_notifications (tenant_id, received_at)');
  await knex.raw('CREATE INDEX payment_notifications_intent ON payment_notifications (tenant_id, intent_id)');
  await protectTenantTable(knex, 'payment_notifications');
  await grantToApp(knex, 'payment_notifications', 'SELECT, INSERT');
  await distributeSchema(knex);
  // After distributing (see 20261209000300): one constraint a statement, as Citus asks.
  await knex.raw(`ALTER TABLE payment_intents
    ADD FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE`);
  await knex.raw(`ALTER TABLE payment_intents
    ADD FOREIGN KEY (tenant_id, account_id) REFERENCES money_accounts (tenant_id, id)`);
  await knex.raw(`ALTER TABLE payment_notifications
    ADD FOREIGN KEY (tenant_id, intent_id) REFERENCES payment_intents (tenant_id, id) ON DELETE CASCADE`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE payment_notifications');
  await knex.raw('DROP TABLE payment_intents');
}
