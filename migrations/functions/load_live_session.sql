-- load_live_session: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Loads a signed-in session on every signed-in request (when the web process's cache does not
-- have it) in one round trip instead of three (BEGIN + set_config, SELECT, COMMIT), applying the
-- user's "sessions valid after" stamp. SECURITY INVOKER: row-level security still applies.
-- Inside a transaction scoped to another tenant it refuses to run (enter_tenant).
CREATE OR REPLACE FUNCTION public.load_live_session(p_tenant uuid, p_sid text, p_now timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  PERFORM enter_tenant(p_tenant);
  RETURN (
    SELECT s.sess FROM sessions s
      LEFT JOIN session_cutoffs c ON c.tenant_id = s.tenant_id AND c.user_id = s.user_id
     WHERE s.tenant_id = p_tenant AND s.sid = p_sid AND s.expire >= p_now
       AND (c.valid_after IS NULL OR s.signed_in_ms >= extract(epoch FROM c.valid_after) * 1000));
END
$function$
