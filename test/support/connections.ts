// Small helpers for the wall tests: a raw pg client for one URL, and PostgreSQL error codes.
import pg from 'pg';
import { expect } from 'vitest';

export const INSUFFICIENT_PRIVILEGE = '42501';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';

/** A single pg client (not a pool) for the given URL, closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'okienko wall test' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Asserts that PostgreSQL refused the statement with this SQLSTATE (knex passes pg's error through). */
export async function expectSqlState(promise: PromiseLike<unknown>, code: string): Promise<void> {
  await expect(Promise.resolve(promise)).rejects.toMatchObject({ code });
}
