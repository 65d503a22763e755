import type { Knex } from 'knex';

// The staff's mail problems page (issue #19) lists a tenant's mails still being retried after a
// failure and those given up on, newest first. They are few among the sent: a partial index
// holds only them, so the page reads a handful of entries however large the outbox grows. Its
// predicate is the page's (platform/mail/mail-problems.ts), word for word.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX mail_outbox_problems ON mail_outbox (tenant_id, created_at DESC, id DESC)
     WHERE status = 'dead' OR (status = 'queued' AND attempts > 0 AND last_error IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX mail_outbox_problems');
}
