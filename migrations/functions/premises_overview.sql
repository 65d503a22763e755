-- premises_overview: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- What a resident's overview of a premises shows (issue #21), read in one round trip instead of
-- a transaction of a dozen statements: the overview is the e-BOK's most visited page, and is
-- measured at ten million entries (bench/README.md). NULL unless the client holds or held a
-- right to the premises. Everything is as of the last day the resident may see: today, or the
-- day their rights ended (p_today is the tenant's today). The money core's accounts and entries
-- are only read here, as through a view: the balances as of that day, each account's latest
-- payment by then. Accounts come in the order of p_funds, the housing funds. The meter readings
-- are those of the days the rights cover, by meter, newest first. Amounts travel as
-- text, so none passes through a binary fraction; dates as YYYY-MM-DD. SECURITY INVOKER:
-- row-level security still applies; inside a transaction of another tenant it refuses (enter_tenant).
CREATE OR REPLACE FUNCTION public.premises_overview(p_tenant uuid, p_client uuid, p_premises uuid, p_today date, p_funds text[], p_settlements integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  v_from date;
  v_to date;
  v_last date;
BEGIN
  PERFORM enter_tenant(p_tenant);
  SELECT min(r.valid_from), CASE WHEN bool_or(r.valid_to IS NULL) THEN NULL ELSE max(r.valid_to) END
    INTO v_from, v_to
    FROM premises_rights r
   WHERE r.tenant_id = p_tenant AND r.client_id = p_client AND r.premises_id = p_premises;
  IF v_from IS NULL THEN
    RETURN NULL;
  END IF;
  v_last := CASE WHEN v_to IS NOT NULL AND v_to < p_today THEN v_to ELSE p_today END;
  RETURN jsonb_build_object(
    'window', jsonb_build_object('from', v_from::text, 'to', v_to::text),
    'lastDay', v_last::text,
    'premises', (
      SELECT jsonb_build_object(
               'id', p.id, 'buildingId', p.building_id, 'street', b.street, 'houseNumber', b.house_number,
               'postalCode', b.postal_code, 'city', b.city, 'number', p.number, 'kind', p.kind, 'code', p.code,
               'areaHundredths', p.area_hundredths, 'persons', p.persons, 'accountNumber', p.account_number)
        FROM premises p
        JOIN buildings b ON b.tenant_id = p.tenant_id AND b.id = p.building_id
       WHERE p.tenant_id = p_tenant AND p.id = p_premises),
    'accounts', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'account', jsonb_build_object(
                 'id', a.id, 'ownerKind', a.owner_kind, 'ownerId', a.owner_id, 'currency', a.currency,
                 'kind', a.kind, 'name', a.name, 'openedOn', a.opened_on::text),
               'balance', (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e
                            WHERE e.tenant_id = p_tenant AND e.account_id = a.id AND e.booked_on <= v_last)::text,
               'lastPayment', (
                 SELECT jsonb_build_object(
                          'id', e.id, 'accountId', e.account_id, 'kind', e.kind, 'amount', e.amount::text,
                          'bookedOn', e.booked_on::text, 'dueOn', e.due_on::text, 'title', e.title,
                          'reversesEntryId', e.reverses_entry_id, 'paymentSource', e.payment_source,
                          'receiptNumber', e.receipt_number, 'paymentIntentId', e.payment_intent_id,
                          'createdAt', e.created_at)
                   FROM ledger_entries e
                  WHERE e.tenant_id = p_tenant AND e.account_id = a.id AND e.kind = 'payment'
                    -- The day first, by the index, then the last of that day's: ordered by
                    -- both at once, the planner sorted every entry of the account.
                    AND e.booked_on = (SELECT p.booked_on FROM ledger_entries p
                                        WHERE p.tenant_id = p_tenant AND p.account_id = a.id
                                          AND p.kind = 'payment' AND p.booked_on <= v_last
                                        ORDER BY p.booked_on DESC
                                        LIMIT 1)
                  ORDER BY e.created_at DESC
                  LIMIT 1))
             ORDER BY array_position(p_funds, a.kind) NULLS LAST, a.opened_on, a.created_at, a.id), '[]'::jsonb)
        FROM money_accounts a
       WHERE a.tenant_id = p_tenant AND a.owner_kind = 'premises' AND a.owner_id = p_premises),
    'fees', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', f.id, 'premisesId', f.premises_id, 'fund', f.fund, 'title', f.title, 'basis', f.basis,
               'rate', f.rate::text, 'validFrom', f.valid_from::text, 'validTo', f.valid_to::text)
             ORDER BY f.fund, f.title, f.id), '[]'::jsonb)
        FROM fee_components f
       WHERE f.tenant_id = p_tenant AND f.premises_id = p_premises AND f.valid_from <= v_last
         AND (f.valid_to IS NULL OR f.valid_to >= v_last)),
    'allowances', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', d.id, 'title', d.title, 'monthlyAmount', d.monthly_amount::text,
               'validFrom', d.valid_from::text, 'validTo', d.valid_to::text)
             ORDER BY d.valid_from), '[]'::jsonb)
        FROM allowance_decisions d
       WHERE d.tenant_id = p_tenant AND d.premises_id = p_premises AND d.valid_from <= v_last
         AND d.valid_to >= v_last),
    'settlements', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', s.id, 'medium', s.medium, 'periodFrom', s.period_from::text, 'periodTo', s.period_to::text,
               'consumptionThousandths', s.consumption_thousandths::text, 'unit', s.unit,
               'advances', s.advances::text, 'cost', s.cost::text, 'settledOn', s.settled_on::text)
             ORDER BY s.settled_on DESC, s.id DESC), '[]'::jsonb)
        FROM (SELECT * FROM media_settlements m
               WHERE m.tenant_id = p_tenant AND m.premises_id = p_premises AND m.settled_on <= v_last
                 AND m.settled_on >= v_from
               ORDER BY m.settled_on DESC, m.id DESC
               LIMIT p_settlements) s),
    'readings', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', m.id, 'kind', m.meter_kind, 'number', m.meter_number, 'readOn', m.read_on::text,
               'valueThousandths', m.value_thousandths::text, 'replacement', m.replacement)
             ORDER BY m.meter_kind, m.meter_number, m.read_on DESC), '[]'::jsonb)
        FROM meter_readings m
       WHERE m.tenant_id = p_tenant AND m.premises_id = p_premises AND m.read_on >= v_from
         AND m.read_on <= v_last));
END
$function$
