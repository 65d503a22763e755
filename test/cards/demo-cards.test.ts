// The demo sports centre's Client Card: what the README promises a newcomer, the card type at
// mosir-zielonka with its fee and number format, and its three season pass types, seeded once
// however often the seeds run.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardTypesOf } from '../../src/features/cards/card-types.repo.ts';
import { passTypesOf } from '../../src/features/cards/passes/pass-types.repo.ts';
import { asTenantId, tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { balanceAsOf } from '../../src/features/money/index.ts';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { DEMO_PASS_TYPES } from '../../seeds/demo-cards.ts';
import { useTestDatabase } from '../support/database.ts';
import { CLIENT_CARD } from './cards-support.ts';

const db = useTestDatabase();

describe('seedDemoCards', () => {
  it('gives the sports centre its Client Card and its pass types, once, and no other tenant either', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    const tenants = await db.current.owner('tenants').select('id', 'slug');
    for (const { id, slug } of tenants) {
      const [types, passTypes] = await withTenant(db.current.app, asTenantId(id as string), async (trx) => [
        await cardTypesOf(trx),
        await passTypesOf(trx),
      ]);
      // The transport operator's city card is demo-city-cards.test.ts's.
      if (slug === 'mzk-zielonka') continue;
      if (slug !== 'mosir-zielonka') {
        expect([types, passTypes], slug).toEqual([[], []]);
        continue;
      }
      // As the README lists it: 20,00 zł, 12-digit numbers beginning 7701.
      expect(types.map(({ id: _id, ...type }) => type)).toEqual([CLIENT_CARD]);
      expect([CLIENT_CARD.activationFee, CLIENT_CARD.numberPrefix, CLIENT_CARD.numberLength]).toEqual([
        2_000,
        '7701',
        12,
      ]);
      // As the README lists them, each for the Client Card, by name.
      expect(passTypes.map(({ id: _id, ...passType }) => passType)).toEqual(
        DEMO_PASS_TYPES.map(({ tenantSlug: _slug, cardType: _code, ...demo }) => ({
          ...demo,
          cardTypeId: types[0]!.id,
        })).sort((a, b) => a.name.localeCompare(b.name, 'en')),
      );
      expect(
        passTypes.map((passType) => [
          passType.name,
          passType.price,
          passType.reducedPrice,
          passType.validityDays,
          passType.entries,
        ]),
      ).toEqual([
        ['Karnet 10 wejść — siłownia', 15_000, null, null, 10],
        ['Karnet 8 wejść — fitness, 60 dni', 16_000, 11_000, 60, 8],
        ['Karnet miesięczny — basen', 12_000, 6_000, 30, null],
      ]);
    }
  });

  it('gives Ewa Wiśniewska an active card with her two passes, once', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    const tenant = await db.current.owner('tenants').where({ slug: 'mosir-zielonka' }).first('id');
    const tenantId = asTenantId(tenant.id as string);
    const { cards, passes, entitlements, owed } = await withTenant(db.current.app, tenantId, async (trx) => {
      const client = await tenantRows(trx, 'clients').where({ email_key: 'ewa.wisniewska@example.org' }).first('id');
      const cards = await tenantRows(trx, 'cards')
        .where({ client_id: client.id })
        .select('id', 'state', 'number', 'account_id');
      return {
        cards,
        passes: await tenantRows(trx, 'passes')
          .join(
            'pass_types',
            (join) =>
              void join.on('pass_types.tenant_id', 'passes.tenant_id').andOn('pass_types.id', 'passes.pass_type_id'),
          )
          .orderBy('pass_types.code')
          .select('pass_types.code', 'passes.state', 'passes.reduced', 'passes.price', 'passes.entries_left'),
        entitlements: await tenantRows(trx, 'entitlements').where({ client_id: client.id }).select('kind'),
        owed: await balanceAsOf(trx, cards[0]!.account_id as string, '9999-12-31'),
      };
    });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ state: 'active' });
    expect(isValidLuhn(cards[0]!.number as string)).toBe(true);
    expect(passes).toEqual([
      { code: 'basen-miesieczny', state: 'valid', reduced: true, price: '6000', entries_left: null },
      { code: 'silownia-10-wejsc', state: 'valid', reduced: false, price: '15000', entries_left: 10 },
    ]);
    expect(entitlements).toEqual([{ kind: 'student' }]);
    expect(owed).toBe(0);
  });
});
