import type { Knex } from 'knex';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// Saving a live session (its idle deadline moved, at most once a minute per session, or its
// data changed) in one round trip instead of three, as load_live_session loads one: the
// function scopes itself to the tenant for its own statement's transaction and updates the row
// if it is still there (a save never brings back a session that was ended meanwhile).
// SECURITY INVOKER: row-level security applies; the sessions triggers notify as for any update.
//
// Its commit does not wait for the disk (synchronous_commit off, for this transaction only).
// A transaction that notifies commits under a lock that lets one such commit through at a
// time, its disk flush included, so a burst of sessions moving their deadlines at once queued
// behind each other's flushes (page views of those sessions waited 80–200 ms in the bench).
// What a crash can lose is the last move of an idle deadline, a minute at most: the session
// then ends that much earlier. Sign-outs and cutoffs still commit durably.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION save_live_session(p_tenant uuid, p_sid text, p_sess jsonb, p_expire timestamptz) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    BEGIN
      IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
        RAISE EXCEPTION 'save_live_session: this transaction belongs to another tenant';
      END IF;
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      PERFORM set_config('synchronous_commit', 'off', true);
      UPDATE sessions SET sess = p_sess, expire = p_expire WHERE sid = p_sid;
    END $$`);
  await knex.raw('REVOKE ALL ON FUNCTION save_live_session(uuid, text, jsonb, timestamptz) FROM PUBLIC');
  await knex.raw(`GRANT EXECUTE ON FUNCTION save_live_session(uuid, text, jsonb, timestamptz) TO ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION save_live_session(uuid, text, jsonb, timestamptz)');
}
