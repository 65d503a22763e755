import type { Knex } from 'knex';
import { APP_ROLE } from '../src/platform/db/roles.ts';

// A sign-in in three round trips instead of eleven (issue #6's bench: every statement a sign-in
// sends costs the web process's event loop a knex query or transaction, and PostgreSQL a
// statement, on the same small machine as the page views waiting beside it). As
// load_live_session and save_live_session: each function scopes itself to the tenant for its
// own statement's transaction, refuses to run inside another tenant's, and is SECURITY
// INVOKER, so row-level security applies as to any statement of the app role.
//  - count_sign_in_attempt: the per-account lockout's count, before the password is verified
//    (src/features/accounts/sign-in/account-guard.ts explains the rules);
//  - complete_sign_in: after a right password, under the account's row lock, the outcome (the
//    password may have changed, or the account closed, since it was read), the cleared count,
//    the completed activation and the history event;
//  - save_new_session: the signed-in session's row.
const FUNCTIONS = {
  enter_tenant: '(uuid)',
  count_sign_in_attempt: '(uuid, text, boolean, timestamptz, integer, integer)',
  complete_sign_in: '(uuid, uuid, text, timestamptz, text, text, text)',
  save_new_session: '(uuid, text, jsonb, timestamptz)',
} as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION enter_tenant(p_tenant uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    BEGIN
      IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
        RAISE EXCEPTION 'this transaction belongs to another tenant';
      END IF;
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
    END $$`);

  // One attempt counted on the account the identifier names (an e-mail, or a login): a window
  // older than p_window_minutes (or a lock that has run out) starts afresh; an account at its
  // limit or locked is not counted, and comes back with client_id NULL. No row: no such account.
  // The UPDATE reads the row as it finds it under its lock, so concurrent attempts queue and
  // each counts against the one committed before it.
  await knex.raw(`
    CREATE FUNCTION count_sign_in_attempt(p_tenant uuid, p_identifier text, p_by_email boolean,
      p_now timestamptz, p_window_minutes integer, p_max_failures integer)
    RETURNS TABLE (target_id uuid, client_id uuid, first_name text, last_name text, email text, status text,
      password_hash text, preferred_locale text, start_password_expires_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    #variable_conflict use_column
    DECLARE
      v_window_start timestamptz := p_now - make_interval(mins => p_window_minutes);
    BEGIN
      PERFORM enter_tenant(p_tenant);
      RETURN QUERY
      WITH target AS (
        SELECT t.id FROM clients t
        WHERE (p_by_email AND t.email_key = lower(p_identifier)) OR (NOT p_by_email AND t.login_key = lower(p_identifier))
      ), counted AS (
        UPDATE clients c SET
          failed_sign_ins = CASE WHEN c.failures_since IS NULL OR c.failures_since <= v_window_start
            OR coalesce(c.locked_until <= p_now, false) THEN 1 ELSE c.failed_sign_ins + 1 END,
          failures_since = CASE WHEN c.failures_since IS NULL OR c.failures_since <= v_window_start
            OR coalesce(c.locked_until <= p_now, false) THEN p_now ELSE c.failures_since END,
          locked_until = CASE WHEN c.locked_until <= p_now THEN NULL ELSE c.locked_until END
        WHERE c.id IN (SELECT target.id FROM target)
          AND (c.locked_until IS NULL OR c.locked_until <= p_now)
          AND (c.failures_since IS NULL OR c.failures_since <= v_window_start
            OR coalesce(c.locked_until <= p_now, false) OR c.failed_sign_ins < p_max_failures)
        RETURNING c.id, c.first_name, c.last_name, c.email, c.status, c.password_hash, c.preferred_locale,
          c.start_password_expires_at
      )
      SELECT target.id, counted.id, counted.first_name, counted.last_name, counted.email, counted.status,
        counted.password_hash, counted.preferred_locale, counted.start_password_expires_at
      FROM target LEFT JOIN counted ON true;
    END $$`);

  // A right password, verified outside any transaction against p_verified_hash: it counts only
  // if that is still the account's hash (a reset may have come between; then it is recorded as a
  // wrong password). Then the outcome by the account's status: only 'active' and 'issued'
  // accounts sign in, an 'issued' one only before its start password expires, and its first
  // sign-in completes the activation (source 002). The count of failures starts again from
  // nothing; p_new_hash (when the parameters changed) replaces the hash on success.
  await knex.raw(`
    CREATE FUNCTION complete_sign_in(p_tenant uuid, p_client uuid, p_verified_hash text, p_now timestamptz,
      p_ip text, p_user_agent text, p_new_hash text)
    RETURNS TABLE (outcome text, must_change_password boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    #variable_conflict use_column
    DECLARE
      v_status text;
      v_hash text;
      v_start_password_expires_at timestamptz;
      v_outcome text;
    BEGIN
      PERFORM enter_tenant(p_tenant);
      SELECT c.status, c.password_hash, c.start_password_expires_at
        INTO v_status, v_hash, v_start_password_expires_at
        FROM clients c WHERE c.id = p_client FOR UPDATE;
      IF NOT FOUND THEN
        -- Gone meanwhile (only never-activated accounts are ever deleted): nothing to record it on.
        RETURN QUERY SELECT 'wrong_password'::text, false;
        RETURN;
      END IF;
      v_outcome := CASE
        WHEN v_hash IS DISTINCT FROM p_verified_hash THEN 'wrong_password'
        WHEN v_status = 'closing' THEN 'closed'
        WHEN v_status NOT IN ('active', 'issued') THEN 'blocked'
        WHEN v_start_password_expires_at <= p_now THEN 'start_password_expired'
        ELSE 'success'
      END;
      IF v_outcome <> 'wrong_password' THEN
        UPDATE clients c SET
          failed_sign_ins = 0, failures_since = NULL, locked_until = NULL,
          password_hash = CASE WHEN v_outcome = 'success' THEN coalesce(p_new_hash, c.password_hash)
            ELSE c.password_hash END,
          status = CASE WHEN v_outcome = 'success' AND c.status = 'issued' THEN 'active' ELSE c.status END,
          activated_at = CASE WHEN v_outcome = 'success' AND c.status = 'issued' THEN p_now ELSE c.activated_at END
        WHERE c.id = p_client;
      END IF;
      INSERT INTO sign_in_events (client_id, occurred_at, outcome, ip, user_agent)
        VALUES (p_client, p_now, v_outcome, left(p_ip, 64), left(p_user_agent, 512));
      RETURN QUERY SELECT v_outcome, v_start_password_expires_at IS NOT NULL;
    END $$`);

  // A session saved for the first time (the sign-in's): inserted, or its row replaced if the id
  // is somehow there already (connect-pg-simple's upsert, which the store had used).
  await knex.raw(`
    CREATE FUNCTION save_new_session(p_tenant uuid, p_sid text, p_sess jsonb, p_expire timestamptz) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    BEGIN
      PERFORM enter_tenant(p_tenant);
      INSERT INTO sessions (sid, sess, expire) VALUES (p_sid, p_sess, p_expire)
        ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expire = excluded.expire;
    END $$`);

  for (const [name, args] of Object.entries(FUNCTIONS)) {
    await knex.raw(`REVOKE ALL ON FUNCTION ${name}${args} FROM PUBLIC`);
    await knex.raw(`GRANT EXECUTE ON FUNCTION ${name}${args} TO ${APP_ROLE}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, args] of Object.entries(FUNCTIONS).reverse()) {
    await knex.raw(`DROP FUNCTION ${name}${args}`);
  }
}
