import type { Knex } from 'knex';

// Web processes keep signed-in sessions in memory (src/platform/sessions/session-cache.ts). Whatever
// changes or ends a user's sessions — a save, a sign-out, a cutoff, the worker's pruning, a
// tenant deleted with its rows — tells them all which user's sessions to forget, on the
// `sessions_changed` channel, once per statement and user. The payload is the user id: the
// session ids stay out of it, as any role may LISTEN and a session id is a bearer credential.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION notify_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_catalog.pg_notify('sessions_changed', u.user_id::text)
         FROM (SELECT DISTINCT user_id FROM changed_rows WHERE user_id IS NOT NULL) u;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION notify_all_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_catalog.pg_notify('sessions_changed', '*');
      RETURN NULL;
    END $$`);
  // A transition table belongs to one event, so one trigger per event.
  await knex.raw(`CREATE TRIGGER sessions_updated AFTER UPDATE ON sessions REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed()`);
  await knex.raw(`CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed()`);
  await knex.raw(`CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_all_sessions_changed()`);
  // A moved cutoff ends the user's sessions signed in before it; a removed one ends none.
  await knex.raw(`CREATE TRIGGER session_cutoffs_inserted AFTER INSERT ON session_cutoffs
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed()`);
  await knex.raw(`CREATE TRIGGER session_cutoffs_updated AFTER UPDATE ON session_cutoffs
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER session_cutoffs_updated ON session_cutoffs');
  await knex.raw('DROP TRIGGER session_cutoffs_inserted ON session_cutoffs');
  await knex.raw('DROP TRIGGER sessions_truncated ON sessions');
  await knex.raw('DROP TRIGGER sessions_deleted ON sessions');
  await knex.raw('DROP TRIGGER sessions_updated ON sessions');
  await knex.raw('DROP FUNCTION notify_all_sessions_changed()');
  await knex.raw('DROP FUNCTION notify_sessions_changed()');
}
