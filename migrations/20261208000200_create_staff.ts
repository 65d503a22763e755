import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { distributeSchema } from '../src/platform/db/citus.ts';

// The staff of a tenant (issue #18): clerks at the counter and the managers who run them. Each
// status is a state the checks keep whole: an invitation carries no password yet, an active
// account has one, a disabled one says when it was disabled. The TOTP secret is sealed with
// DATA_KEY (src/features/staff/totp-secret.ts); the counters beside it stop a code being
// replayed or guessed. Invitation and password-reset links are kept as hashes, as clients' are.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE staff (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (length(email) <= 254 AND email ~ '^[^\\s@]+@[^\\s@]+$'),
      email_key text GENERATED ALWAYS AS (lower(email)) STORED,
      name text CHECK (length(name) BETWEEN 1 AND 100),
      role text NOT NULL CHECK (role IN ('clerk', 'manager')),
      status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
      password_hash text,
      totp_secret_sealed bytea,
      totp_enrolled_at timestamptz,
      -- The time step of the last code accepted: a code is good once, even within its 30 seconds.
      totp_last_step bigint,
      totp_failures integer NOT NULL DEFAULT 0 CHECK (totp_failures >= 0),
      totp_locked_until timestamptz,
      created_at timestamptz NOT NULL,
      disabled_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, email_key),
      CONSTRAINT staff_active_has_password CHECK (status <> 'active' OR password_hash IS NOT NULL),
      CONSTRAINT staff_invited_has_no_credentials
        CHECK (status <> 'invited' OR (password_hash IS NULL AND totp_secret_sealed IS NULL)),
      CONSTRAINT staff_disabled_at CHECK ((status = 'disabled') = (disabled_at IS NOT NULL)),
      CONSTRAINT staff_enrolled_has_secret CHECK (totp_enrolled_at IS NULL OR totp_secret_sealed IS NOT NULL),
      CONSTRAINT staff_last_step_when_enrolled CHECK (totp_last_step IS NULL OR totp_enrolled_at IS NOT NULL)
    )`);
  await protectTenantTable(knex, 'staff');
  // Nobody is deleted: a disabled account keeps its name for the audit log.
  await grantToApp(knex, 'staff', 'SELECT, INSERT, UPDATE');

  // One-time codes for a lost authenticator, kept only as hashes; each is used at most once.
  await knex.raw(`
    CREATE TABLE staff_recovery_codes (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      staff_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code_hash text NOT NULL CHECK (length(code_hash) BETWEEN 1 AND 200),
      used_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
    )`);
  await knex.raw('CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (tenant_id, staff_id)');
  await protectTenantTable(knex, 'staff_recovery_codes');
  await grantToApp(knex, 'staff_recovery_codes', 'SELECT, INSERT, UPDATE, DELETE');

  // Invitation and password-reset links: the token itself is only in the link.
  await knex.raw(`
    CREATE TABLE staff_tokens (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      staff_id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
      token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, token_hash),
      FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
    )`);
  await knex.raw('CREATE INDEX staff_tokens_staff ON staff_tokens (tenant_id, staff_id, purpose)');
  await protectTenantTable(knex, 'staff_tokens');
  await grantToApp(knex, 'staff_tokens', 'SELECT, INSERT, UPDATE, DELETE');

  await distributeSchema(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE staff_tokens');
  await knex.raw('DROP TABLE staff_recovery_codes');
  await knex.raw('DROP TABLE staff');
}
