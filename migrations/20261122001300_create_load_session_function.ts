import type { Knex } from 'knex';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// Loading a session runs on every signed-in request. This function scopes itself to the
// tenant (set_config(..., true) lasts for the statement's own transaction) and applies the
// user's "sessions valid after" stamp, so a session costs one round trip instead of three
// (BEGIN + set_config, SELECT, COMMIT). SECURITY INVOKER: row-level security still applies.
// Outside a transaction only: inside one scoped to another tenant it refuses to run, rather
// than re-scope the rest of that transaction.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION load_live_session(p_tenant uuid, p_sid text, p_now timestamptz) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    BEGIN
      IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
        RAISE EXCEPTION 'load_live_session: this transaction belongs to another tenant';
      END IF;
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      RETURN (
        SELECT s.sess FROM sessions s
          LEFT JOIN session_cutoffs c ON c.tenant_id = s.tenant_id AND c.user_id = s.user_id
         WHERE s.sid = p_sid AND s.expire >= p_now
           AND (c.valid_after IS NULL OR s.signed_in_ms >= extract(epoch FROM c.valid_after) * 1000));
    END $$`);
  await knex.raw('REVOKE ALL ON FUNCTION load_live_session(uuid, text, timestamptz) FROM PUBLIC');
  await knex.raw(`GRANT EXECUTE ON FUNCTION load_live_session(uuid, text, timestamptz) TO ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION load_live_session(uuid, text, timestamptz)');
}
