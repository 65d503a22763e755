-- complete_sign_in: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A right password, verified outside any transaction against p_verified_hash: it counts only
-- if that is still the account's hash (a reset may have come between; then it is recorded as a
-- wrong password). Then the outcome by the account's status: only 'active' and 'issued' accounts
-- sign in, an 'issued' one only before its start password expires, and its first sign-in
-- completes the activation (source 002). The count of failures starts again from nothing;
-- p_new_hash (when the hashing parameters changed) replaces the hash on success; the history
-- event is written in the same transaction.
CREATE OR REPLACE FUNCTION public.complete_sign_in(p_tenant uuid, p_client uuid, p_verified_hash text, p_now timestamp with time zone, p_ip text, p_user_agent text, p_new_hash text)
 RETURNS TABLE(outcome text, must_change_password boolean)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
    FROM clients c WHERE c.tenant_id = p_tenant AND c.id = p_client FOR UPDATE;
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
    WHERE c.tenant_id = p_tenant AND c.id = p_client;
  END IF;
  INSERT INTO sign_in_events (tenant_id, client_id, occurred_at, outcome, ip, user_agent)
    VALUES (p_tenant, p_client, p_now, v_outcome, left(p_ip, 64), left(p_user_agent, 512));
  RETURN QUERY SELECT v_outcome, v_start_password_expires_at IS NOT NULL;
END
$function$
