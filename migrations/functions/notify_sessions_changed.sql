-- notify_sessions_changed: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Web processes keep signed-in sessions in memory (src/platform/sessions/session-cache.ts).
-- Whatever changes or ends a user's sessions tells them which user's sessions to forget, on the
-- sessions_changed channel, once per statement and user. The payload is the user id: session ids
-- stay out of it, as any role may LISTEN and a session id is a bearer credential.
CREATE OR REPLACE FUNCTION public.notify_sessions_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM pg_catalog.pg_notify('sessions_changed', u.user_id::text)
     FROM (SELECT DISTINCT user_id FROM changed_rows WHERE user_id IS NOT NULL) u;
  RETURN NULL;
END
$function$
