-- settle_account: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- Who settles what (issue #20), the one place the rule lives: the account's open credits (what
-- is left of payments, allowances, an opening overpayment) are spent on its open debits (what
-- is left of charges and of an opening debt), oldest first on both sides: debits by due date,
-- then booking date, then id; credits by booking date, then id. Neither side is taken beyond
-- what it has left, so nothing is over-settled; what no debit takes stays as credit and settles
-- the next debit posted (every posting calls this). An entry reversed by a correction, and the
-- correction itself, take no part. The caller holds the account's row lock, so what it reads
-- is what the previous posting wrote. The property tests check it against an independent model
-- of the rule (test/money/ledger-model.ts), allocation for allocation.
CREATE OR REPLACE FUNCTION public.settle_account(p_tenant uuid, p_account uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  v_debits uuid[];
  v_owed bigint[];
  v_credits uuid[];
  v_left bigint[];
  v_amount bigint;
  d integer := 1;
  c integer := 1;
BEGIN
  PERFORM enter_tenant(p_tenant);
  WITH allocated AS (
    SELECT x.entry_id, sum(x.amount) AS amount
      FROM (SELECT a.debit_entry_id AS entry_id, a.amount FROM ledger_allocations a
             WHERE a.tenant_id = p_tenant AND a.account_id = p_account
            UNION ALL
            SELECT a.credit_entry_id, a.amount FROM ledger_allocations a
             WHERE a.tenant_id = p_tenant AND a.account_id = p_account) x
     GROUP BY x.entry_id
  ), standing AS (
    SELECT e.id, e.amount, e.due_on, e.booked_on, coalesce(al.amount, 0) AS allocated
      FROM ledger_entries e LEFT JOIN allocated al ON al.entry_id = e.id
     WHERE e.tenant_id = p_tenant AND e.account_id = p_account AND e.kind <> 'correction'
       AND NOT EXISTS (SELECT 1 FROM ledger_entries r
                        WHERE r.tenant_id = p_tenant AND r.reverses_entry_id = e.id)
  )
  SELECT array_agg(s.id ORDER BY s.due_on, s.booked_on, s.id)
           FILTER (WHERE s.amount > 0 AND s.due_on IS NOT NULL AND s.amount > s.allocated),
         array_agg(s.amount - s.allocated ORDER BY s.due_on, s.booked_on, s.id)
           FILTER (WHERE s.amount > 0 AND s.due_on IS NOT NULL AND s.amount > s.allocated),
         array_agg(s.id ORDER BY s.booked_on, s.id) FILTER (WHERE s.amount < 0 AND -s.amount > s.allocated),
         array_agg(-s.amount - s.allocated ORDER BY s.booked_on, s.id) FILTER (WHERE s.amount < 0 AND -s.amount > s.allocated)
    INTO v_debits, v_owed, v_credits, v_left
    FROM standing s;
  -- One row a statement: Citus would run an INSERT ... SELECT as a COPY, which row-level
  -- security refuses; a payment settles one or two charges, seldom more.
  WHILE d <= coalesce(array_length(v_debits, 1), 0) AND c <= coalesce(array_length(v_credits, 1), 0) LOOP
    v_amount := least(v_owed[d], v_left[c]);
    INSERT INTO ledger_allocations (tenant_id, account_id, credit_entry_id, debit_entry_id, amount)
      VALUES (p_tenant, p_account, v_credits[c], v_debits[d], v_amount);
    v_owed[d] := v_owed[d] - v_amount;
    v_left[c] := v_left[c] - v_amount;
    IF v_owed[d] = 0 THEN d := d + 1; END IF;
    IF v_left[c] = 0 THEN c := c + 1; END IF;
  END LOOP;
END
$function$
