// The database's functions are the files in migrations/functions/: a file edited without a
// migration that applies it, or a function created in a migration without a file, fails here.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../src/platform/audit/settings.ts';
import { functionDefinition, functionNames } from '../../src/platform/db/functions.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

interface FunctionRow {
  name: string;
  definition: string;
}

async function databaseFunctions(): Promise<Map<string, string>> {
  const { rows } = await db.current.owner.raw<{ rows: FunctionRow[] }>(
    `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public'
        -- An extension's functions (pg_trgm's) are the extension's, not ours.
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  return new Map(rows.map((row) => [row.name, row.definition]));
}

describe('functions kept as files', () => {
  it('has a file for every function in the database, and a function for every file', async () => {
    expect([...(await databaseFunctions()).keys()]).toEqual(functionNames());
  });

  it('finds each function in the database exactly as its file defines it', async () => {
    const inDatabase = await databaseFunctions();
    for (const name of functionNames()) {
      expect(inDatabase.get(name)?.trim(), name).toBe(functionDefinition(name).trim());
    }
  });

  it('notices a function that differs from its file', async () => {
    const owner = db.current.owner;
    await owner.raw(`CREATE OR REPLACE FUNCTION public.enter_tenant(p_tenant uuid) RETURNS void LANGUAGE plpgsql
      AS $function$ BEGIN RETURN; END $function$`);
    try {
      expect((await databaseFunctions()).get('enter_tenant')?.trim()).not.toBe(
        functionDefinition('enter_tenant').trim(),
      );
    } finally {
      await owner.raw(functionDefinition('enter_tenant'));
    }
  });

  it('holds the audit log’s default retention as the platform does', () => {
    // The function answers for tenants that set none; the setting's default is the same number.
    expect(functionDefinition('audit_retention_days')).toContain(`, ${DEFAULT_AUDIT_RETENTION_DAYS})`);
  });
});
