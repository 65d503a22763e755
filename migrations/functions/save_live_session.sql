-- save_live_session: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Saves a live session (its idle deadline moved, at most once a minute per session, or its data
-- changed) in one round trip, and only if the row is still there: a save never brings back a
-- session that was ended meanwhile. SECURITY INVOKER; the sessions triggers notify as for any
-- update. Its commit does not wait for the disk (synchronous_commit off, for this transaction
-- only): a transaction that notifies commits under a lock that lets one such commit through at a
-- time, flush included, so a burst of deadline moves queued behind each other's flushes. What a
-- crash can lose is the last move of an idle deadline, a minute at most: the session then ends
-- that much earlier. Sign-outs and cutoffs still commit durably.
CREATE OR REPLACE FUNCTION public.save_live_session(p_tenant uuid, p_sid text, p_sess jsonb, p_expire timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
    RAISE EXCEPTION 'save_live_session: this transaction belongs to another tenant';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE sessions SET sess = p_sess, expire = p_expire WHERE sid = p_sid;
END
$function$
