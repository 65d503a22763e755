-- enter_tenant: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Scopes the statement's transaction to a tenant (set_config(..., true)), and refuses inside a
-- transaction that already belongs to another tenant rather than re-scope the rest of it. The
-- other functions that take p_tenant call it first.
CREATE OR REPLACE FUNCTION public.enter_tenant(p_tenant uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
    RAISE EXCEPTION 'this transaction belongs to another tenant';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
END
$function$
