// Everything `npm start` seeds into an empty database and `npm run seed` puts in place: the demo
// tenants, then what each module shows at them, in the order they build on each other.
import type { Knex } from 'knex';
import { seedDemoCards } from './demo-cards.ts';
import { seedDemoCityCards } from './demo-city-cards.ts';
import { seedDemoClients } from './demo-clients.ts';
import { seedDemoHousing } from './demo-housing.ts';
import { seedDemoMoney } from './demo-money.ts';
import { seedDemoStaff } from './demo-staff.ts';
import { seedDemoTenants } from './demo-tenants.ts';

export async function seedDemo(owner: Knex, { dataKey }: { dataKey: Buffer }): Promise<void> {
  await seedDemoTenants(owner);
  await seedDemoClients(owner, { dataKey });
  await seedDemoStaff(owner, { dataKey });
  await seedDemoMoney(owner);
  await seedDemoHousing(owner);
  await seedDemoCards(owner, { dataKey });
  await seedDemoCityCards(owner, { dataKey });
}
