-- ledger_append_only: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- The ledger's entries and allocations are never changed or removed (issue #20): a mistake is
-- corrected by a reversing entry, a settlement undone by a compensating allocation. Refuses
-- UPDATE, DELETE and TRUNCATE whoever asks, the owner included (grants do not bind the owner),
-- with the SQLSTATE a refused privilege has (42501), so every caller sees one kind of refusal.
-- It raises and sends no notice, so it is safe on Citus's shards, where it runs.
CREATE OR REPLACE FUNCTION public.ledger_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '42501', HINT = 'Correct an entry by reversing it; nothing posted is edited.';
    END $function$
