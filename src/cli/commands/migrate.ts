// migrate: applies pending migrations as the owner role (what `npm run migrate` does), or
// with --status only says which are pending, e.g. before a deployment.
import { migrateToLatest, pendingMigrations } from '../../platform/db/migrations.ts';
import { defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';

export const migrate = defineCommand({
  name: 'migrate',
  summary: 'Apply pending database migrations (--status: only list them)',
  options: {
    status: { type: 'boolean', description: 'List pending migrations without applying them' },
  },

  async run({ options, io, print }) {
    await withOwnerDatabase(io, async (owner) => {
      if (options.status) {
        const pending = await pendingMigrations(owner);
        if (pending.length === 0) print('The schema is up to date: no pending migrations.');
        else print(`${pending.length} pending migration(s):\n  ${pending.join('\n  ')}`);
        return;
      }
      const applied = await migrateToLatest(owner);
      print(applied.length ? `Applied:\n  ${applied.join('\n  ')}` : 'The schema is up to date.');
    });
  },
});
