// The demo transport operator's city card: what the README promises a newcomer. The card type at
// mzk-zielonka with its number format and its two period tickets, and Anna Nowak's two
// applications, made through the application's services: her own ready for pickup (numbered,
// its pickup window open), her son's waiting for review, complete, with her consent and a
// student discount. Seeded once however often the seeds run.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_CITY_CARD_TYPE, DEMO_TICKETS } from '../../seeds/demo-city-cards.ts';
import { seedDemo } from '../../seeds/demo.ts';
import { cardTypesOf } from '../../src/features/cards/card-types.repo.ts';
import { missingFromApplication } from '../../src/features/cards/city/application-rules.ts';
import { applicationOfCard } from '../../src/features/cards/city/city-card-applications.repo.ts';
import { passTypesOf } from '../../src/features/cards/passes/pass-types.repo.ts';
import { isValidLuhn } from '../../src/lib/luhn.ts';
import { recognisedType } from '../../src/platform/uploads/content-type.ts';
import { asTenantId, tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';

const db = useTestDatabase();

describe('seedDemoCityCards', () => {
  it('gives the transport operator its city card, tickets and Anna Nowak’s two applications, once', async () => {
    const dataKey = randomBytes(32);
    await seedDemo(db.current.owner, { dataKey });
    await seedDemo(db.current.owner, { dataKey });
    const tenant = await db.current.owner('tenants').where({ slug: 'mzk-zielonka' }).first('id');
    const seen = await withTenant(db.current.app, asTenantId(tenant.id as string), async (trx) => {
      const cards = await tenantRows(trx, 'cards')
        .join('city_card_applications as a', function () {
          this.on('a.tenant_id', 'cards.tenant_id').andOn('a.card_id', 'cards.id');
        })
        .orderBy('a.holder_birth_date')
        .select('cards.id', 'cards.state', 'cards.number');
      const applications = await Promise.all(cards.map((card: { id: string }) => applicationOfCard(trx, card.id)));
      const photos = await tenantRows(trx, 'uploads').where({ purpose: 'city-card-photo' }).pluck('content');
      return { types: await cardTypesOf(trx), tickets: await passTypesOf(trx), cards, applications, photos };
    });

    expect(seen.types.map(({ id: _id, ...type }) => type)).toEqual([DEMO_CITY_CARD_TYPE]);
    expect(seen.tickets.map((ticket) => ticket.code)).toEqual(DEMO_TICKETS.map((ticket) => ticket.code));
    const [own, son] = seen.cards as { state: string; number: string | null }[];
    expect(own!.state).toBe('ready');
    expect(own!.number).toMatch(/^6380[0-9]{12}$/);
    expect(isValidLuhn(own!.number!)).toBe(true);
    expect(son).toMatchObject({ state: 'submitted', number: null });

    const [anna, kacper] = seen.applications;
    expect([anna!.holderFirstName, kacper!.holderFirstName]).toEqual(['Anna', 'Kacper']);
    for (const application of seen.applications) {
      expect(missingFromApplication(application!, '2026-12-06')).toEqual([]);
      expect(application!.submittedAt).not.toBeNull();
    }
    expect(kacper!.representative).toMatchObject({ name: 'Anna Nowak', relation: 'parent' });
    expect(kacper!.discount).toMatchObject({ kind: 'student', validUntil: '2027-09-30' });
    expect(seen.photos.map((photo: Buffer) => recognisedType(photo))).toEqual(['image/jpeg', 'image/jpeg']);
  });
});
