// migrate and migrate --status as the owner role, on a database cloned from the migrated template.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { cliEnv, okienko } from './cli-harness.ts';

const db = useTestDatabase();

describe('migrate', () => {
  it('says the schema is up to date, with and without --status', async () => {
    const env = cliEnv(db.current);
    const status = await okienko(['migrate', '--status'], env);
    expect(status).toEqual({ code: 0, stdout: 'The schema is up to date: no pending migrations.\n', stderr: '' });
    const applied = await okienko(['migrate'], env);
    expect(applied).toEqual({ code: 0, stdout: 'The schema is up to date.\n', stderr: '' });
  });

  it('--status lists a pending migration and does not apply it', async () => {
    const env = cliEnv(db.current);
    const last = await db.current.owner('knex_migrations').orderBy('id', 'desc').first();
    // Forget the last migration's record, as if the code were newer than the database.
    await db.current.owner('knex_migrations').where({ id: last.id }).delete();
    try {
      const status = await okienko(['migrate', '--status'], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toBe(`1 pending migration(s):\n  ${last.name}\n`);
      expect(await db.current.owner('knex_migrations').where({ name: last.name }).first()).toBeUndefined();
    } finally {
      await db.current.owner('knex_migrations').insert(last);
    }
  });
});
