import type { Knex } from 'knex';
import { WORKER_ROLE } from '../src/platform/db/roles.ts';
import { grantToWorker } from '../src/platform/db/schema-helpers.ts';

// The worker's purge of an ended city card application's photo and proof (issue #23,
// src/features/cards/city/pickup/file-retention.ts) decides by the application's files and when
// its photo was returned, and by its card's state and since when. It may read those columns and
// nothing else of either table (no name, address, document or PESEL), and change nothing; what it
// deletes is uploads, which it may already. Permissive policies of its own, as every worker's.
export async function up(knex: Knex): Promise<void> {
  await grantToWorker(
    knex,
    'city_card_applications',
    'SELECT (tenant_id, card_id, photo_upload_id, proof_upload_id, photo_returned_at)',
  );
  await knex.raw(
    `CREATE POLICY worker_purges_files ON city_card_applications FOR SELECT TO ${WORKER_ROLE} USING (true)`,
  );
  await grantToWorker(knex, 'cards', 'SELECT (tenant_id, id, state, state_since)');
  await knex.raw(`CREATE POLICY worker_purges_files ON cards FOR SELECT TO ${WORKER_ROLE} USING (true)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP POLICY worker_purges_files ON cards');
  await knex.raw(`REVOKE SELECT ON cards FROM ${WORKER_ROLE}`);
  await knex.raw('DROP POLICY worker_purges_files ON city_card_applications');
  await knex.raw(`REVOKE SELECT ON city_card_applications FROM ${WORKER_ROLE}`);
}
