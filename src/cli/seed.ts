// npm run seed: creates or updates the demo tenants. Never run against production unless you mean it.
import { loadConfig } from '../config.ts';
import { withOwner } from './owner.ts';
import { migrateToLatest } from '../platform/db/migrations.ts';
import { seedDemo } from '../../seeds/demo.ts';

const config = loadConfig();
if (config.env === 'production' && !process.argv.includes('--yes-in-production')) {
  process.stderr.write('Refusing to seed demo tenants in production (pass --yes-in-production to insist).\n');
  process.exit(1);
}
await withOwner(config, async (owner) => {
  await migrateToLatest(owner);
  await seedDemo(owner, { dataKey: config.dataKey });
});
process.stdout.write('Demo tenants, their demo clients, staff and accounts are in place.\n');
