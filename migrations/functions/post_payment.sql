-- post_payment: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A payment into the ledger (issue #20), from the counter (postPayment in ledger.service.ts) and
-- from a provider's notification (apply_payment_notification): p_amount > 0 as paid, stored
-- negative, then settled oldest debt first. Under the account's row lock, so one account's
-- postings run one after another. With p_intent it is posted once: a second call returns the
-- first entry (posted = false). Refused, with nothing written, for an account the tenant does
-- not have or in another currency. The caller checked the amount and the date.
CREATE OR REPLACE FUNCTION public.post_payment(p_tenant uuid, p_account uuid, p_amount bigint, p_currency text, p_booked_on date, p_title text, p_source text, p_receipt text, p_intent uuid)
 RETURNS TABLE(entry_id uuid, entry_created_at timestamp with time zone, posted boolean, refused text)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  v_currency text;
  v_id uuid;
  v_created_at timestamptz;
BEGIN
  PERFORM enter_tenant(p_tenant);
  SELECT a.currency INTO v_currency FROM money_accounts a
   WHERE a.tenant_id = p_tenant AND a.id = p_account FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::uuid, NULL::timestamptz, false, 'accountNotFound'::text;
    RETURN;
  END IF;
  IF p_intent IS NOT NULL THEN
    SELECT e.id, e.created_at INTO v_id, v_created_at FROM ledger_entries e
     WHERE e.tenant_id = p_tenant AND e.payment_intent_id = p_intent;
    IF FOUND THEN
      RETURN QUERY SELECT v_id, v_created_at, false, NULL::text;
      RETURN;
    END IF;
  END IF;
  IF v_currency <> p_currency THEN
    RETURN QUERY SELECT NULL::uuid, NULL::timestamptz, false, 'currencyMismatch'::text;
    RETURN;
  END IF;
  INSERT INTO ledger_entries (tenant_id, account_id, kind, amount, booked_on, title, payment_source,
                              receipt_number, payment_intent_id)
    VALUES (p_tenant, p_account, 'payment', -p_amount, p_booked_on, p_title, p_source, p_receipt, p_intent)
    RETURNING id, created_at INTO v_id, v_created_at;
  PERFORM settle_account(p_tenant, p_account);
  RETURN QUERY SELECT v_id, v_created_at, true, NULL::text;
END
$function$
