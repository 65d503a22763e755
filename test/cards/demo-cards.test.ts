// The demo sports centre's Client Card: what the README promises a newcomer, the card type at
// mosir-zielonka with its fee and number format, seeded once however often the seeds run, and
// applied for at once by the demo client.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardTypesOf } from '../../src/features/cards/card-types.repo.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { useTestDatabase } from '../support/database.ts';
import { CLIENT_CARD } from './cards-support.ts';

const db = useTestDatabase();

describe('seedDemoCards', () => {
  it('gives the sports centre its Client Card, once, and no other tenant a card', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    const tenants = await db.current.owner('tenants').select('id', 'slug');
    for (const { id, slug } of tenants) {
      const types = await withTenant(db.current.app, asTenantId(id as string), (trx) => cardTypesOf(trx));
      if (slug !== 'mosir-zielonka') {
        expect(types, slug).toEqual([]);
        continue;
      }
      // As the README lists it: 20,00 zł, 12-digit numbers beginning 7701.
      expect(types.map(({ id: _id, ...type }) => type)).toEqual([CLIENT_CARD]);
      expect([CLIENT_CARD.activationFee, CLIENT_CARD.numberPrefix, CLIENT_CARD.numberLength]).toEqual([
        2_000,
        '7701',
        12,
      ]);
    }
  });
});
