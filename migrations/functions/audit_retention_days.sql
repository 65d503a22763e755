-- audit_retention_days: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- How many days a tenant keeps its audit log (the tenant setting audit.retentionDays, else the
-- default of src/platform/audit/settings.ts): read by the append-only trigger and the purge
-- alike, so they never disagree. Not named p_tenant: it is no delegated function (citus.ts),
-- just copied to every node, where tenants is a reference table.
CREATE OR REPLACE FUNCTION public.audit_retention_days(of_tenant uuid)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $function$
      SELECT coalesce((settings -> 'audit' ->> 'retentionDays')::integer, 2557)
        FROM tenants WHERE id = of_tenant
    $function$
