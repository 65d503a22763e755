import type { Knex } from 'knex';

// The client's page at the counter (issue #19) lists the mails sent to the client, newest
// first: without this index that is a scan of the tenant's whole outbox.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE INDEX mail_outbox_user ON mail_outbox (tenant_id, user_id, created_at DESC) WHERE user_id IS NOT NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX mail_outbox_user');
}
