-- change_own_tenant: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A manager's change of their tenant's settings (issue #19). The app role may read tenants but
-- not write it (a global table, a reference table on Citus, without row-level security); this
-- function, owned by the owner and executable by the app role alone, writes the one row of the
-- tenant the transaction is scoped to (withTenant's app.tenant_id), never a tenant named by an
-- argument. It changes only what a manager may change (modules, branding, contact, settings),
-- and only if the row is still the version the caller read (p_version, updated_at as text):
-- NULL back means another change came first. Its values were validated by the caller with
-- the schemas the registry reads with. The time is a value, not now() in the SET, and the
-- version is told from it rather than RETURNING updated_at::text: Citus refuses a non-immutable
-- function in an UPDATE of a reference table, and a cast of a timestamp to text is one.
CREATE OR REPLACE FUNCTION public.change_own_tenant(p_version timestamp with time zone, p_modules text[], p_branding jsonb, p_contact jsonb, p_settings jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_now timestamptz := clock_timestamp();
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'change_own_tenant outside a tenant''s transaction';
  END IF;
  UPDATE tenants
     SET modules = p_modules, branding = p_branding, contact = p_contact, settings = p_settings, updated_at = v_now
   WHERE id = v_tenant AND updated_at = p_version AND enabled;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN v_now::text;
END
$function$
