import { describe, expect, it } from 'vitest';
import { isUniqueViolation, violatedUniqueIndex } from './unique-violation.ts';

describe('violatedUniqueIndex', () => {
  it('names the index from the driver, or from a Citus worker’s message without the shard number', () => {
    expect(violatedUniqueIndex({ code: '23505', constraint: 'clients_national_id' })).toBe('clients_national_id');
    expect(
      violatedUniqueIndex({
        code: '23505',
        message: 'insert … - duplicate key value violates unique constraint "ledger_entries_receipt_102092"',
      }),
    ).toBe('ledger_entries_receipt');
    expect(violatedUniqueIndex({ code: '23503', constraint: 'clients_national_id' })).toBeUndefined();
    expect(violatedUniqueIndex(new Error('no code'))).toBeUndefined();
    expect(violatedUniqueIndex(undefined)).toBeUndefined();
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
