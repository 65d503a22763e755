// npm run seed: creates or updates the demo tenants. Never run against production unless you mean it.
import { loadConfig } from '../config.ts';
import { withOwner } from './owner.ts';
import { migrateToLatest } from '../platform/db/migrations.ts';
import { seedDemoTenants } from '../../seeds/demo-tenants.ts';
import { seedDemoClients } from '../../seeds/demo-clients.ts';
import { seedDemoStaff } from '../../seeds/demo-staff.ts';

const config = loadConfig();
if (config.env === 'production' && !process.argv.includes('--yes-in-production')) {
  process.stderr.write('Refusing to seed demo tenants in production (pass --yes-in-production to insist).\n');
  process.exit(1);
}
await withOwner(config, async (owner) => {
  await migrateToLatest(owner);
  await seedDemoTenants(owner);
  await seedDemoClients(owner, { dataKey: config.dataKey });
  await seedDemoStaff(owner, { dataKey: config.dataKey });
});
process.stdout.write('Demo tenants, their demo clients and staff are in place.\n');
