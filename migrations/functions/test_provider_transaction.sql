-- test_provider_transaction: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- The built-in test provider's own record of a transaction, as its verify endpoint reads it
-- (issue #20): one call, not a transaction of three round trips, since every paid
-- notification asks it first and notifications are measured by the hundred a second.
CREATE OR REPLACE FUNCTION public.test_provider_transaction(p_tenant uuid, p_session_id text)
 RETURNS TABLE(order_id uuid, amount bigint, currency text, status text)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  PERFORM enter_tenant(p_tenant);
  RETURN QUERY SELECT t.order_id, t.amount, t.currency, t.status FROM test_provider_transactions t
   WHERE t.tenant_id = p_tenant AND t.session_id = p_session_id;
END
$function$
