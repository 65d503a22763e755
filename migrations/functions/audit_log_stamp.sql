-- audit_log_stamp: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- An audit row's time is the database's, whoever inserts it (but the owner, for tests and
-- imports): nobody can backdate a row into the purge's reach.
CREATE OR REPLACE FUNCTION public.audit_log_stamp()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF current_user <> 'okienko_owner' THEN
        NEW.occurred_at := now();
      END IF;
      RETURN NEW;
    END $function$
