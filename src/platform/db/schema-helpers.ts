// Building blocks for migrations, so every tenant table gets the same three walls:
// tenant_id NOT NULL in its keys, row-level security enabled and forced, one policy. The policy
// binds the roles that work inside one tenant (the app, the owner); the worker role gets
// permissive policies of its own for what its jobs touch, and never a restrictive one: Citus
// applies those as permissive on the shards (migration 20261207000200).
import type { Knex } from 'knex';
import { APP_ROLE, OWNER_ROLE, WORKER_ROLE } from './roles.ts';

/** The tenant as set by withTenant(); an unset or empty setting matches no row instead of failing. */
export const CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";

export async function protectTenantTable(knex: Knex, table: string): Promise<void> {
  await knex.raw(`ALTER TABLE ?? ENABLE ROW LEVEL SECURITY`, [table]);
  await knex.raw(`ALTER TABLE ?? FORCE ROW LEVEL SECURITY`, [table]);
  await knex.raw(
    `CREATE POLICY tenant_isolation ON ?? TO ${APP_ROLE}, ${OWNER_ROLE}
      USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`,
    [table],
  );
}

export async function grantToApp(knex: Knex, table: string, privileges: string): Promise<void> {
  await knex.raw(`GRANT ${privileges} ON ?? TO ${APP_ROLE}`, [table]);
}

export async function grantToWorker(knex: Knex, table: string, privileges: string): Promise<void> {
  await knex.raw(`GRANT ${privileges} ON ?? TO ${WORKER_ROLE}`, [table]);
}
