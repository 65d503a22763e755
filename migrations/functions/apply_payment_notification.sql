-- apply_payment_notification: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- A provider's signed notification for this tenant (issue #20), applied and recorded in one
-- call: the intent it names locked (so fifty copies at once are applied one after another, and
-- only the first credits), the amount and currency compared to the grosz, then by what the
-- provider reports: paid (and verified with the provider by the caller, before this call: no
-- lock is held while a provider is asked) credits the intent's account through post_payment,
-- even after the intent expired or failed, as the provider has the money; failed ends an open
-- intent; pending changes nothing. A paid intent is never credited twice. Every notification is
-- recorded with its outcome, for staff. One call, not the dozen statements the same steps took
-- from the application: notification handling is measured (bench/README.md). It answers the
-- outcome and, for a credited (or already credited) intent, whose account it was, so the
-- application follows up a payment to a card's account (CreditFollowUp) without asking again,
-- and asks nothing for others. One value, as a plain SELECT of the function is what Citus
-- delegates to the tenant's node.
CREATE OR REPLACE FUNCTION public.apply_payment_notification(p_tenant uuid, p_provider text, p_session_id text, p_status text, p_amount bigint, p_currency text, p_verified boolean, p_now timestamp with time zone, p_booked_on date, p_body_sha256 text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  v_intent payment_intents%ROWTYPE;
  v_entry record;
  v_outcome text;
  v_owner_kind text;
  v_owner_id uuid;
BEGIN
  PERFORM enter_tenant(p_tenant);
  SELECT * INTO v_intent FROM payment_intents i
   WHERE i.tenant_id = p_tenant AND i.provider = p_provider AND i.provider_session_id = p_session_id
     FOR UPDATE;
  IF NOT FOUND THEN
    v_outcome := 'unknownSession';
  ELSIF p_amount IS DISTINCT FROM v_intent.amount OR p_currency IS DISTINCT FROM v_intent.currency THEN
    v_outcome := 'mismatch';
  ELSIF v_intent.state = 'paid' THEN
    v_outcome := 'duplicate';
  ELSIF p_status = 'failed' THEN
    UPDATE payment_intents i SET state = 'failed', updated_at = p_now
     WHERE i.tenant_id = p_tenant AND i.id = v_intent.id AND i.state IN ('created', 'pending');
    v_outcome := 'failed';
  ELSIF p_status <> 'paid' THEN
    v_outcome := 'pending';
  ELSIF NOT p_verified THEN
    v_outcome := 'notVerified';
  ELSE
    SELECT * INTO v_entry FROM post_payment(p_tenant, v_intent.account_id, v_intent.amount, v_intent.currency,
      p_booked_on, v_intent.title, 'online', NULL, v_intent.id);
    IF v_entry.refused IS NOT NULL THEN
      -- The intent's account is gone or in another currency: nothing credited, staff see why.
      v_outcome := 'mismatch';
    ELSE
      UPDATE payment_intents i
         SET state = 'paid', credited_entry_id = v_entry.entry_id, paid_at = p_now, updated_at = p_now
       WHERE i.tenant_id = p_tenant AND i.id = v_intent.id;
      v_outcome := 'credited';
    END IF;
  END IF;
  INSERT INTO payment_notifications (tenant_id, provider, body_sha256, verified, provider_session_id, intent_id,
                                     reported_status, reported_amount, reported_currency, outcome, received_at)
    VALUES (p_tenant, p_provider, p_body_sha256, true, left(p_session_id, 100), v_intent.id,
            p_status, p_amount, left(p_currency, 3), v_outcome, p_now);
  IF v_outcome IN ('credited', 'duplicate') THEN
    SELECT a.owner_kind, a.owner_id INTO v_owner_kind, v_owner_id
      FROM money_accounts a WHERE a.tenant_id = p_tenant AND a.id = v_intent.account_id;
  END IF;
  RETURN jsonb_build_object('outcome', v_outcome, 'ownerKind', v_owner_kind, 'ownerId', v_owner_id);
END
$function$
