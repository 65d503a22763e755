import type { Knex } from 'knex';
import { CURRENT_TENANT, grantToApp, grantToWorker, protectTenantTable } from '../src/platform/db/schema-helpers.ts';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';

// The mail outbox (src/platform/mail/outbox.ts). A web request inserts a row in the same transaction
// as the change the mail belongs to; the worker role claims due rows across tenants, sends
// them and records the outcome. The parameters (which may hold live links) are sealed with
// DATA_KEY and erased once the mail is sent or given up; what stays is what staff may see.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE mail_outbox (
      tenant_id uuid NOT NULL DEFAULT ${CURRENT_TENANT} REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL,
      idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      -- One plain address: nothing nodemailer could read as a list, a name or a header.
      recipient text NOT NULL CHECK (recipient ~ '^[^\\s,;:<>"()\\[\\]\\\\@]+@[^\\s,;:<>"()\\[\\]\\\\@]+$' AND length(recipient) <= 254),
      -- What the throttle counts by: the address lower-cased and without a +tag, so
      -- jan+1@ and jan+2@ are one mailbox.
      recipient_key text GENERATED ALWAYS AS (lower(regexp_replace(recipient, '[+][^@]*@', '@'))) STORED,
      user_id uuid,
      template text NOT NULL,
      locale text NOT NULL CHECK (locale IN ('pl', 'en', 'cs')),
      sealed_params bytea,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'dead', 'dropped')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      locked_by text,
      last_error text,
      created_at timestamptz NOT NULL,
      last_attempt_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, idempotency_key),
      -- Only a queued mail may still hold its content.
      CHECK (status = 'queued' OR sealed_params IS NULL)
    )`);
  await knex.raw(`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued'`);
  // The per-recipient throttle counts recent mails of one template to one address.
  await knex.raw('CREATE INDEX mail_outbox_recipient ON mail_outbox (tenant_id, recipient_key, template, created_at)');
  await knex.raw('CREATE INDEX mail_outbox_created ON mail_outbox (created_at)');
  await protectTenantTable(knex, 'mail_outbox');
  // Requests queue mail and read what the throttle needs; they never change a queued mail.
  await grantToApp(knex, 'mail_outbox', 'SELECT, INSERT');
  // The worker sends for every tenant. It records outcomes and never rewrites what a mail is
  // (tenant, recipient, template), so a stolen worker connection cannot redirect a live link.
  await grantToWorker(
    knex,
    'mail_outbox',
    'SELECT, DELETE, UPDATE (status, attempts, next_attempt_at, locked_until, locked_by, last_error, last_attempt_at, finished_at, sealed_params)',
  );
  await knex.raw(`CREATE POLICY worker_sends ON mail_outbox TO ${WORKER_ROLE} USING (true) WITH CHECK (true)`);

  // A committed insert wakes the workers at once (NOTIFY is delivered on commit only, so a
  // rolled-back transaction wakes nobody); the poll is only a safety net.
  await knex.raw(`
    CREATE FUNCTION notify_mail_queued() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('mail_queued', '');
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER mail_outbox_queued AFTER INSERT ON mail_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_mail_queued()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE mail_outbox');
  await knex.raw('DROP FUNCTION notify_mail_queued()');
}
