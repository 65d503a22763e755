-- enter_tenant: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Scopes the statement's transaction to a tenant (SET LOCAL, as withTenant() does: on Citus only
-- SET LOCAL reaches the workers), and refuses inside a transaction that already belongs to
-- another tenant rather than re-scope the rest of it. The other functions that take p_tenant
-- call it first, and name the tenant in their queries too, so that on Citus each reaches one
-- shard (a distributed function runs on the worker that holds the tenant, docs/scaling.md).
CREATE OR REPLACE FUNCTION public.enter_tenant(p_tenant uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
    RAISE EXCEPTION 'this transaction belongs to another tenant';
  END IF;
  EXECUTE format('SET LOCAL app.tenant_id = %L', p_tenant);
END
$function$
