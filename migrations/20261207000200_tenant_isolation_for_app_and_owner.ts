import type { Knex } from 'knex';
import { APP_ROLE, OWNER_ROLE } from '../src/platform/db/roles.ts';

// The worker role is held to its jobs by its own policies alone. Until now tenant_isolation
// applied to every role, so a worker connection that set app.tenant_id itself would have seen
// and changed the whole tenant's clients, had restrictive policies not cut that back. Citus
// 13.2 copies a RESTRICTIVE policy to the shards as a permissive one, which would open exactly
// that door. So tenant_isolation now applies to the roles that work inside one tenant (the app
// and the owner), the worker's own permissive policy on updates takes the one condition only
// the restrictive one had (an account the tenant must keep has no anonymise_after), and the
// restrictive policies, with nothing left to restrict, go.
const RESTRICTIVE = ['worker_reads_only', 'worker_updates_only', 'worker_deletes_only'];

export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw<{ rows: { table: string }[] }>(
    `SELECT c.relname AS table FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE p.polname = 'tenant_isolation' AND c.relnamespace = 'public'::regnamespace ORDER BY 1`,
  );
  for (const { table } of rows) {
    await knex.raw(`ALTER POLICY tenant_isolation ON ?? TO ${APP_ROLE}, ${OWNER_ROLE}`, [table]);
  }
  await knex.raw(`ALTER POLICY worker_anonymises ON clients
    USING (status = 'closing' AND anonymise_after IS NOT NULL) WITH CHECK (status = 'anonymised')`);
  for (const policy of RESTRICTIVE) await knex.raw('DROP POLICY ?? ON clients', [policy]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER POLICY worker_anonymises ON clients USING (status = 'closing') WITH CHECK (status = 'anonymised')`,
  );
  await knex.raw(`CREATE POLICY worker_reads_only ON clients AS RESTRICTIVE FOR SELECT TO okienko_worker
      USING (status IN ('pending_activation', 'closing', 'anonymised'))`);
  await knex.raw(`CREATE POLICY worker_updates_only ON clients AS RESTRICTIVE FOR UPDATE TO okienko_worker
      USING (status = 'closing' AND anonymise_after IS NOT NULL) WITH CHECK (status = 'anonymised')`);
  await knex.raw(`CREATE POLICY worker_deletes_only ON clients AS RESTRICTIVE FOR DELETE TO okienko_worker
      USING (status = 'pending_activation')`);
  const { rows } = await knex.raw<{ rows: { table: string }[] }>(
    `SELECT c.relname AS table FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE p.polname = 'tenant_isolation' AND c.relnamespace = 'public'::regnamespace`,
  );
  for (const { table } of rows) await knex.raw('ALTER POLICY tenant_isolation ON ?? TO PUBLIC', [table]);
}
