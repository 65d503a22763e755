import type { Knex } from 'knex';
import { APP_ROLE, WORKER_ROLE } from '../src/platform/db/roles.ts';

// The app and worker roles come from the operator (or from the dev bootstrap); every later
// migration grants to them, so fail early and clearly when they are missing.
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw<{ rows: { rolname: string }[] }>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY(?)',
    [[APP_ROLE, WORKER_ROLE]],
  );
  const missing = [APP_ROLE, WORKER_ROLE].filter((role) => !rows.some((row) => row.rolname === role));
  if (missing.length > 0) {
    throw new Error(`Create the database roles ${missing.join(', ')} before migrating (docs/operations.md).`);
  }
  for (const role of [APP_ROLE, WORKER_ROLE]) {
    await knex.raw(`GRANT USAGE ON SCHEMA public TO ${role}`);
    // Both check at start-up that the schema is current.
    await knex.raw(`GRANT SELECT ON knex_migrations TO ${role}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const role of [APP_ROLE, WORKER_ROLE]) {
    await knex.raw(`REVOKE SELECT ON knex_migrations FROM ${role}`);
    await knex.raw(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
  }
}
