// Which unique index a statement ran into, if that is why it failed (SQLSTATE 23505). On one
// PostgreSQL the driver's error names the constraint; on Citus the error comes from the worker
// that holds the shard, named only in its message and with the shard's number on the end
// (ledger_entries_receipt_102092). Callers compare with the name the migration gave it.
const UNIQUE_VIOLATION = '23505';

export function violatedUniqueIndex(error: unknown): string | undefined {
  const { code, constraint, message } = (error ?? {}) as { code?: string; constraint?: string; message?: string };
  if (code !== UNIQUE_VIOLATION) return undefined;
  const named = constraint ?? /unique constraint "([^"]+)"/.exec(message ?? '')?.[1];
  return named?.replace(/_\d{4,}$/, '');
}

/** Whether the error is a unique violation (of any index). */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string } | undefined)?.code === UNIQUE_VIOLATION;
