// PL/pgSQL functions live as one current file each in migrations/functions/<name>.sql, so
// reading the rule a function holds never means finding the last migration that redefined it.
// A migration applies a file by name; changing a function is an edit of its file plus a
// migration that applies it again (test/db/functions.test.ts fails until the database's
// definition is the file's). A change of arguments or result type needs a DROP first, in that
// migration, as CREATE OR REPLACE cannot change them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrationsDir } from './migrations.ts';

export const functionsDir = path.join(migrationsDir, 'functions');

/** The names of the functions kept as files. */
export function functionNames(): string[] {
  return readdirSync(functionsDir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.slice(0, -'.sql'.length))
    .sort();
}

/** The file's CREATE OR REPLACE FUNCTION statement, without its leading comment. */
export function functionDefinition(name: string): string {
  const text = readFileSync(path.join(functionsDir, `${name}.sql`), 'utf8');
  return text.slice(text.indexOf('CREATE OR REPLACE FUNCTION'));
}

/** Creates or replaces the function as its file defines it now. */
export async function applyFunction(knex: Knex, name: string): Promise<void> {
  await knex.raw(functionDefinition(name));
}
