// Migrations live in migrations/ as one TypeScript module per change. This source loads
// them by name (without extension) so the compiled .js files in a production image match
// the names recorded from development.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const MIGRATION_FILE = /^(\d{14}_[a-z0-9_]+)\.(ts|js)$/;

export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

function migrationFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of readdirSync(migrationsDir).sort()) {
    const match = MIGRATION_FILE.exec(file);
    if (match && !file.endsWith('.d.ts')) files.set(match[1]!, path.join(migrationsDir, file));
  }
  return files;
}

interface MigrationEntry {
  name: string;
  /** What knex's CLI prints for a migration. */
  file: string;
}

export const migrationSource: Knex.MigrationSource<MigrationEntry> = {
  getMigrations: async () => [...migrationFiles()].map(([name, file]) => ({ name, file: path.basename(file) })),
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => {
    const file = migrationFiles().get(migration.name);
    if (!file) throw new Error(`Migration ${migration.name} is missing from ${migrationsDir}`);
    return (await import(pathToFileURL(file).href)) as MigrationModule;
  },
};

export async function migrateToLatest(owner: Knex): Promise<string[]> {
  const [, applied] = (await owner.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Names of migrations present in the code but not applied; readable by the app role. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const known = [...migrationFiles().keys()];
  const hasTable = await db.schema.hasTable('knex_migrations');
  if (!hasTable) return known;
  const applied = new Set((await db('knex_migrations').select('name')).map((row: { name: string }) => row.name));
  return known.filter((name) => !applied.has(name));
}
