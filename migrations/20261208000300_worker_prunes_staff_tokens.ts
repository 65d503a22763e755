import type { Knex } from 'knex';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { grantToWorker } from '../src/platform/db/schema-helpers.ts';

// Staff invitation and password-reset links, used or expired, are deleted by the worker's purge
// (features/staff/purges.ts), as the clients' links are: it sees only what decides that.
export async function up(knex: Knex): Promise<void> {
  await grantToWorker(knex, 'staff_tokens', 'SELECT (tenant_id, id, expires_at, used_at), DELETE');
  await knex.raw(`CREATE POLICY worker_prunes ON staff_tokens FOR SELECT TO ${WORKER_ROLE} USING (true)`);
  await knex.raw(`CREATE POLICY worker_deletes ON staff_tokens FOR DELETE TO ${WORKER_ROLE} USING (true)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP POLICY worker_deletes ON staff_tokens');
  await knex.raw('DROP POLICY worker_prunes ON staff_tokens');
  await knex.raw(`REVOKE ALL ON staff_tokens FROM ${WORKER_ROLE}`);
}
