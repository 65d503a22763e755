// npm run migrate: applies pending migrations as the owner role.
import { loadConfig } from '../config.ts';
import { openOwnerDatabase } from './owner.ts';
import { migrateToLatest } from '../db/migrations.ts';

const { owner, close } = await openOwnerDatabase(loadConfig());
try {
  const applied = await migrateToLatest(owner);
  process.stdout.write(applied.length ? `Applied:\n  ${applied.join('\n  ')}\n` : 'The schema is up to date.\n');
} finally {
  await close();
}
