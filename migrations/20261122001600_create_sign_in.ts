import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';

// Sign-in and the signed-in client (issue #6): the per-account lockout counters, start
// passwords issued at the counter, closing an account, the sign-in history, and the new
// address an e-mail change link confirms.
export async function up(knex: Knex): Promise<void> {
  // 'issued': the counter made the account with a start password nobody has used yet; the
  // first sign-in with it completes activation. 'closing': the client closed the account (no
  // sign-in); 'anonymised': its personal data is gone after the tenant's retention period.
  await knex.raw('ALTER TABLE clients DROP CONSTRAINT clients_status_check');
  await knex.raw(`
    ALTER TABLE clients
      ADD CONSTRAINT clients_status_check CHECK (status IN ('counter_only', 'pending_activation', 'issued',
        'active', 'locked', 'deactivated', 'closing', 'anonymised')),
      -- Sign-in attempts counted in the current window (each is counted before its password is
      -- verified, so a burst cannot verify more than the limit), and the temporary lock.
      ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
      ADD COLUMN failures_since timestamptz,
      ADD COLUMN locked_until timestamptz,
      -- A start password (from the counter) must be changed at once and stops working after this.
      ADD COLUMN start_password_expires_at timestamptz,
      ADD COLUMN closed_at timestamptz,
      -- When the worker erases a closed account's personal data; NULL while the tenant must keep it.
      ADD COLUMN anonymise_after timestamptz,
      ADD CONSTRAINT clients_issued_has_start_password
        CHECK (status <> 'issued' OR (password_hash IS NOT NULL AND start_password_expires_at IS NOT NULL)),
      ADD CONSTRAINT clients_closed_at CHECK ((status IN ('closing', 'anonymised')) = (closed_at IS NOT NULL)),
      ADD CONSTRAINT clients_anonymised_has_nothing CHECK (status <> 'anonymised' OR (email IS NULL
        AND login IS NULL AND national_id_sealed IS NULL AND password_hash IS NULL))`);
  await knex.raw(`CREATE INDEX clients_anonymise_due ON clients (anonymise_after) WHERE status = 'closing'`);

  // The worker erases closed accounts when they are due: it may see only pending, closing and
  // anonymised rows, turn closing rows into anonymised ones writing only the personal columns
  // (never one the tenant must keep, whose anonymise_after is NULL),
  // and delete only pending ones. Restrictive policies per command hold even if the worker sets
  // app.tenant_id itself (tenant_isolation would then let it see and change the whole tenant).
  // The anonymised row an UPDATE leaves must be readable too: an UPDATE whose WHERE reads the
  // table checks the new row against the SELECT policies as well.
  await knex.raw(
    `GRANT SELECT (closed_at, anonymise_after), UPDATE (first_name, last_name, email, login, national_id_sealed,
      national_id_index, password_hash, status, failed_sign_ins, failures_since, locked_until,
      start_password_expires_at, anonymise_after) ON clients TO ${WORKER_ROLE}`,
  );
  await knex.raw('DROP POLICY worker_pending_only ON clients');
  await knex.raw(
    `CREATE POLICY worker_reads_only ON clients AS RESTRICTIVE FOR SELECT TO ${WORKER_ROLE}
      USING (status IN ('pending_activation', 'closing', 'anonymised'))`,
  );
  await knex.raw(
    `CREATE POLICY worker_updates_only ON clients AS RESTRICTIVE FOR UPDATE TO ${WORKER_ROLE}
      USING (status = 'closing' AND anonymise_after IS NOT NULL) WITH CHECK (status = 'anonymised')`,
  );
  await knex.raw(
    `CREATE POLICY worker_deletes_only ON clients AS RESTRICTIVE FOR DELETE TO ${WORKER_ROLE}
      USING (status = 'pending_activation')`,
  );
  await knex.raw(
    `CREATE POLICY worker_sees_closed ON clients FOR SELECT TO ${WORKER_ROLE} USING (status IN ('closing', 'anonymised'))`,
  );
  await knex.raw(
    `CREATE POLICY worker_anonymises ON clients FOR UPDATE TO ${WORKER_ROLE}
      USING (status = 'closing') WITH CHECK (status = 'anonymised')`,
  );

  // Every sign-in attempt on an account: the client's own history, and later the counter's.
  await knex.raw(`
    CREATE TABLE sign_in_events (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL,
      occurred_at timestamptz NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('success', 'wrong_password', 'locked',
        'start_password_expired', 'closed', 'blocked')),
      ip text NOT NULL CHECK (length(ip) <= 64),
      user_agent text NOT NULL CHECK (length(user_agent) <= 512),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE
    )`);
  await knex.raw('CREATE INDEX sign_in_events_client ON sign_in_events (tenant_id, client_id, occurred_at DESC)');
  await knex.raw('CREATE INDEX sign_in_events_age ON sign_in_events (occurred_at)');
  await protectTenantTable(knex, 'sign_in_events');
  await grantToApp(knex, 'sign_in_events', 'SELECT, INSERT');
  // Purged after a year, and with the account's personal data when it is anonymised.
  await grantToWorker(knex, 'sign_in_events', 'SELECT (tenant_id, id, client_id, occurred_at), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON sign_in_events FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON sign_in_events FOR DELETE TO ${WORKER_ROLE} USING (true)`);

  // An e-mail change link carries the address it confirms.
  await knex.raw(`
    ALTER TABLE account_tokens
      ADD COLUMN new_email text CHECK (length(new_email) <= 254 AND new_email ~ '^[^\\s@]+@[^\\s@]+$'),
      ADD CONSTRAINT account_tokens_new_email CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))`);
  await grantToWorker(knex, 'account_tokens', 'SELECT (client_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_new_email, DROP COLUMN new_email');
  await knex.raw('DROP TABLE sign_in_events');
  for (const policy of [
    'worker_anonymises',
    'worker_sees_closed',
    'worker_deletes_only',
    'worker_updates_only',
    'worker_reads_only',
  ]) {
    await knex.raw('DROP POLICY ?? ON clients', [policy]);
  }
  await knex.raw(
    `CREATE POLICY worker_pending_only ON clients AS RESTRICTIVE TO ${WORKER_ROLE}
      USING (status = 'pending_activation')`,
  );
  await knex.raw(`REVOKE UPDATE ON clients FROM ${WORKER_ROLE}`);
  await knex.raw(`REVOKE SELECT (closed_at, anonymise_after) ON clients FROM ${WORKER_ROLE}`);
  await knex.raw(`DROP INDEX clients_anonymise_due`);
  await knex.raw(`
    ALTER TABLE clients
      DROP CONSTRAINT clients_anonymised_has_nothing, DROP CONSTRAINT clients_closed_at,
      DROP CONSTRAINT clients_issued_has_start_password,
      DROP COLUMN anonymise_after, DROP COLUMN closed_at, DROP COLUMN start_password_expires_at,
      DROP COLUMN locked_until, DROP COLUMN failures_since, DROP COLUMN failed_sign_ins,
      DROP CONSTRAINT clients_status_check,
      ADD CONSTRAINT clients_status_check CHECK (status IN
        ('counter_only', 'pending_activation', 'active', 'locked', 'deactivated', 'closing'))`);
}
