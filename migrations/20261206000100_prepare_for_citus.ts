import type { Knex } from 'knex';
import { distributeSchema } from '../src/platform/db/citus.ts';
import { applyFunction } from '../src/platform/db/functions.ts';

// Ready for Citus (docs/scaling.md), on plain PostgreSQL too, so both run one schema:
//  - the NOTIFY triggers go: the writers notify in their own transactions (notify.ts says why);
//  - the sessions saved by save_live_session are saved by the session store's own statement,
//    which notifies, so the function goes;
//  - a session id is unique per tenant (the primary key), not across tenants: Citus allows a
//    unique constraint only with the distribution column in it;
//  - the functions set the tenant with SET LOCAL and name it in their queries.
// Then, where the citus extension is installed, the schema is distributed.
const TRIGGERS: [table: string, trigger: string][] = [
  ['tenants', 'tenants_changed'],
  ['tenant_domains', 'tenant_domains_changed'],
  ['service_points', 'service_points_changed'],
  ['opening_hours', 'opening_hours_changed'],
  ['mail_outbox', 'mail_outbox_queued'],
  ['sessions', 'sessions_updated'],
  ['sessions', 'sessions_deleted'],
  ['sessions', 'sessions_truncated'],
  ['session_cutoffs', 'session_cutoffs_inserted'],
  ['session_cutoffs', 'session_cutoffs_updated'],
];

const DROPPED_FUNCTIONS = [
  'notify_tenants_changed()',
  'notify_mail_queued()',
  'notify_sessions_changed()',
  'notify_all_sessions_changed()',
  'save_live_session(uuid, text, jsonb, timestamp with time zone)',
];

const CHANGED_FUNCTIONS = [
  'enter_tenant',
  'load_live_session',
  'save_new_session',
  'count_sign_in_attempt',
  'complete_sign_in',
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, trigger] of TRIGGERS) await knex.raw('DROP TRIGGER ?? ON ??', [trigger, table]);
  for (const signature of DROPPED_FUNCTIONS) await knex.raw(`DROP FUNCTION ${signature}`);
  await knex.raw('ALTER TABLE sessions DROP CONSTRAINT sessions_sid_key');
  for (const name of CHANGED_FUNCTIONS) await applyFunction(knex, name);
  await distributeSchema(knex);
}

// The triggers and the functions they ran would have to come back from the migrations that
// made them, and a distributed schema cannot be undistributed by a migration.
export async function down(): Promise<void> {
  throw new Error('20261206000100_prepare_for_citus cannot be undone; restore a backup instead');
}
