-- notify_mail_queued: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Wakes the mail workers (channel mail_queued) when mail is queued, so none waits for its poll.
CREATE OR REPLACE FUNCTION public.notify_mail_queued()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM pg_notify('mail_queued', '');
  RETURN NULL;
END
$function$
