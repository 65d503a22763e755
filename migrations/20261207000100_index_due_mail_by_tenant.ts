import type { Knex } from 'knex';

// The mail worker claims due mail tenant by tenant (src/platform/mail/mail-worker.ts says
// why), each tenant's oldest first: an index on the tenant and the due time gives each claim
// its rows in order, whatever the planner believes about a tenant whose flood of mail came
// after the statistics did (without it a claim sorted the whole flood, every batch). Nothing
// orders every tenant's due mail by time any more, so the index that did goes.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX mail_outbox_due_by_tenant ON mail_outbox (tenant_id, next_attempt_at) WHERE status = 'queued'`,
  );
  await knex.raw('DROP INDEX mail_outbox_due');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued'`);
  await knex.raw('DROP INDEX mail_outbox_due_by_tenant');
}
