-- count_sign_in_attempt: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- One sign-in attempt counted on the account the identifier names (an e-mail, or a login),
-- before the password is verified (src/features/accounts/sign-in/account-guard.ts explains the
-- rules): a window older than p_window_minutes (or a lock that has run out) starts afresh; an
-- account at its limit or locked is not counted, and comes back with client_id NULL. No row: no
-- such account. The UPDATE reads the row as it finds it under its lock, so concurrent attempts
-- queue and each counts against the one committed before it.
CREATE OR REPLACE FUNCTION public.count_sign_in_attempt(p_tenant uuid, p_identifier text, p_by_email boolean, p_now timestamp with time zone, p_window_minutes integer, p_max_failures integer)
 RETURNS TABLE(target_id uuid, client_id uuid, first_name text, last_name text, email text, status text, password_hash text, preferred_locale text, start_password_expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
DECLARE
  v_window_start timestamptz := p_now - make_interval(mins => p_window_minutes);
BEGIN
  PERFORM enter_tenant(p_tenant);
  RETURN QUERY
  WITH target AS (
    SELECT t.id FROM clients t
    WHERE t.tenant_id = p_tenant AND ((p_by_email AND t.email_key = lower(p_identifier)) OR (NOT p_by_email AND t.login_key = lower(p_identifier)))
  ), counted AS (
    UPDATE clients c SET
      failed_sign_ins = CASE WHEN c.failures_since IS NULL OR c.failures_since <= v_window_start
        OR coalesce(c.locked_until <= p_now, false) THEN 1 ELSE c.failed_sign_ins + 1 END,
      failures_since = CASE WHEN c.failures_since IS NULL OR c.failures_since <= v_window_start
        OR coalesce(c.locked_until <= p_now, false) THEN p_now ELSE c.failures_since END,
      locked_until = CASE WHEN c.locked_until <= p_now THEN NULL ELSE c.locked_until END
    WHERE c.tenant_id = p_tenant AND c.id IN (SELECT target.id FROM target)
      AND (c.locked_until IS NULL OR c.locked_until <= p_now)
      AND (c.failures_since IS NULL OR c.failures_since <= v_window_start
        OR coalesce(c.locked_until <= p_now, false) OR c.failed_sign_ins < p_max_failures)
    RETURNING c.id, c.first_name, c.last_name, c.email, c.status, c.password_hash, c.preferred_locale,
      c.start_password_expires_at
  )
  SELECT target.id, counted.id, counted.first_name, counted.last_name, counted.email, counted.status,
    counted.password_hash, counted.preferred_locale, counted.start_password_expires_at
  FROM target LEFT JOIN counted ON true;
END
$function$
