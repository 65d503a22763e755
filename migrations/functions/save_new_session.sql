-- save_new_session: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- The row of a session just signed into, in one round trip (issue #6: a sign-in in three round
-- trips instead of eleven). A new row needs no notice: no process has a copy of it.
CREATE OR REPLACE FUNCTION public.save_new_session(p_tenant uuid, p_sid text, p_sess jsonb, p_expire timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  PERFORM enter_tenant(p_tenant);
  INSERT INTO sessions (tenant_id, sid, sess, expire) VALUES (p_tenant, p_sid, p_sess, p_expire)
    ON CONFLICT (tenant_id, sid) DO UPDATE SET sess = excluded.sess, expire = excluded.expire;
END
$function$
