-- notify_tenants_changed: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Tells every web and worker process that tenants, their domains, front desks or opening hours
-- changed (channel tenants_changed): each reloads its registry.
CREATE OR REPLACE FUNCTION public.notify_tenants_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM pg_notify('tenants_changed', '');
  RETURN NULL;
END
$function$
