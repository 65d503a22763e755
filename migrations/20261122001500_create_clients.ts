import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';

// The client account (issue #5): a person with an account at one tenant. Counter issues build
// on it, so every way of being a client is a status here: served at the desk only, waiting
// for activation, active, locked, deactivated, or closing. The national id (PESEL) is sealed
// with DATA_KEY and found by a per-tenant keyed blind index (src/features/accounts/clients/national-id.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE clients (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
      last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
      -- May be empty: a resident activated at the counter may have no e-mail.
      email text CHECK (length(email) <= 254 AND email ~ '^[^\\s@]+@[^\\s@]+$'),
      email_key text GENERATED ALWAYS AS (lower(email)) STORED,
      -- Issued by the counter (a later issue); unique within the tenant, whatever the case.
      login text CHECK (login ~ '^[A-Za-z0-9._-]{3,64}$'),
      login_key text GENERATED ALWAYS AS (lower(login)) STORED,
      national_id_sealed bytea,
      national_id_index bytea,
      preferred_locale text NOT NULL CHECK (preferred_locale IN ('pl', 'en', 'cs')),
      status text NOT NULL CHECK (status IN
        ('counter_only', 'pending_activation', 'active', 'locked', 'deactivated', 'closing')),
      password_hash text,
      -- A self-registration never activated is removed after this, freeing its e-mail and PESEL.
      registration_expires_at timestamptz,
      created_at timestamptz NOT NULL,
      activated_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, email_key),
      UNIQUE (tenant_id, login_key),
      CHECK ((national_id_sealed IS NULL) = (national_id_index IS NULL)),
      CHECK ((status = 'pending_activation') = (registration_expires_at IS NOT NULL)),
      CHECK (status <> 'active' OR password_hash IS NOT NULL)
    )`);
  await knex.raw(
    `CREATE INDEX clients_registration_expiry ON clients (registration_expires_at) WHERE status = 'pending_activation'`,
  );
  // A PESEL belongs to one account per tenant once that account is activated (or issued at the
  // counter). Pending registrations do not hold it: otherwise registering a stranger's PESEL
  // would block them, and its answer would tell whether an e-mail address is registered.
  await knex.raw(
    `CREATE UNIQUE INDEX clients_national_id ON clients (tenant_id, national_id_index)
      WHERE status <> 'pending_activation'`,
  );
  await knex.raw('CREATE INDEX clients_national_id_lookup ON clients (tenant_id, national_id_index)');
  await protectTenantTable(knex, 'clients');
  await grantToApp(knex, 'clients', 'SELECT, INSERT, UPDATE, DELETE');
  // The worker removes expired self-registrations, and nothing else: it sees only the columns
  // that decide it, and only pending rows.
  await grantToWorker(knex, 'clients', 'SELECT (tenant_id, id, status, registration_expires_at), DELETE');
  await knex.raw(
    `CREATE POLICY worker_prunes ON clients FOR SELECT TO ${WORKER_ROLE} USING (status = 'pending_activation')`,
  );
  await knex.raw(
    `CREATE POLICY worker_deletes ON clients FOR DELETE TO ${WORKER_ROLE} USING (status = 'pending_activation')`,
  );
  // And only those, even if the worker sets app.tenant_id itself (tenant_isolation would then
  // let it see and delete the whole tenant): restrictive policies are ANDed with the others.
  await knex.raw(
    `CREATE POLICY worker_pending_only ON clients AS RESTRICTIVE TO ${WORKER_ROLE}
      USING (status = 'pending_activation')`,
  );

  // Each acceptance of the tenant's regulations or privacy notice, with the document's version.
  await knex.raw(`
    CREATE TABLE client_consents (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      document text NOT NULL CHECK (document IN ('regulations', 'privacy_notice')),
      version text NOT NULL CHECK (length(version) BETWEEN 1 AND 50),
      accepted_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE
    )`);
  await knex.raw('CREATE INDEX client_consents_client ON client_consents (tenant_id, client_id)');
  await protectTenantTable(knex, 'client_consents');
  await grantToApp(knex, 'client_consents', 'SELECT, INSERT');

  // Single-use links (activation, password reset, e-mail change): only a hash of the token is
  // kept, so nobody reads a live link out of the database.
  await knex.raw(`
    CREATE TABLE account_tokens (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('activation', 'password_reset', 'email_change')),
      token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, token_hash),
      FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE
    )`);
  await knex.raw('CREATE INDEX account_tokens_client ON account_tokens (tenant_id, client_id, purpose)');
  await knex.raw('CREATE INDEX account_tokens_expiry ON account_tokens (expires_at)');
  await protectTenantTable(knex, 'account_tokens');
  await grantToApp(knex, 'account_tokens', 'SELECT, INSERT, UPDATE, DELETE');
  await grantToWorker(knex, 'account_tokens', 'SELECT (tenant_id, id, expires_at, used_at), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON account_tokens FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON account_tokens FOR DELETE TO ${WORKER_ROLE} USING (true)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_tokens');
  await knex.raw('DROP TABLE client_consents');
  await knex.raw('DROP TABLE clients');
}
