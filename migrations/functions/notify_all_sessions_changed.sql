-- notify_all_sessions_changed: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A statement that may end any session (TRUNCATE): every web process forgets every session.
CREATE OR REPLACE FUNCTION public.notify_all_sessions_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM pg_catalog.pg_notify('sessions_changed', '*');
  RETURN NULL;
END
$function$
