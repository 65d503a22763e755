-- audit_log_append_only: the current definition, applied by migrations by name (applyFunction).
-- Change it here and add a migration that applies it; test/db/functions.test.ts fails
-- while the database's definition differs from this file.
--
-- The audit log's rows are never changed or removed (issue #18): refuses UPDATE, DELETE and
-- TRUNCATE, whoever asks (the owner's mistakes too), but for the worker's purge deleting a row
-- older than its tenant's retention. It raises and sends no notice, so it is safe on Citus shards.
CREATE OR REPLACE FUNCTION public.audit_log_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF TG_OP = 'DELETE' AND current_user = 'okienko_worker' THEN
        -- now() is this transaction's start, as in the purge's own statement.
        IF OLD.occurred_at < now() - make_interval(days => audit_retention_days(OLD.tenant_id)) THEN
          RETURN OLD;
        END IF;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING HINT = 'Only the worker''s purge deletes, and only rows past the tenant''s audit retention.';
    END $function$
