// The demo sports centre's Client Card (issue #22), so a newcomer can apply at once: the card type
// "Karta Klienta" at mosir-zielonka, its activation fee 20,00 zł, its numbers 12 digits beginning
// 7701 with a Luhn check digit (the default; a manager may choose Damm's for a new type); and its
// season passes (the managers' catalogue at /admin/cards/passes): one of days with a reduced price
// for students, one of entries, and one of entries within days with a limited reduced price for
// seniors. Idempotent: a card type or a pass type already there (by its code) is left as it is.
import type { Knex } from 'knex';
import { insertPassType, passTypeByCode } from '../src/features/cards/passes/pass-types.repo.ts';
import type { PassType } from '../src/features/cards/passes/passes.types.ts';
import { asTenantId, tenantRows, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';

export const DEMO_CARD_TYPES = [
  {
    tenantSlug: 'mosir-zielonka',
    code: 'karta-klienta',
    name: 'Karta Klienta',
    workflow: 'client_card',
    activationFee: 2_000,
    currency: 'PLN',
    numberPrefix: '7701',
    numberLength: 12,
    checkDigit: 'luhn',
  },
] as const;

/** The demo pass types, each for the card type of its code. */
export const DEMO_PASS_TYPES: readonly (Omit<PassType, 'id' | 'cardTypeId'> & {
  tenantSlug: string;
  cardType: string;
})[] = [
  {
    tenantSlug: 'mosir-zielonka',
    cardType: 'karta-klienta',
    code: 'basen-miesieczny',
    name: 'Karnet miesięczny — basen',
    facility: 'pływalnia',
    price: 12_000,
    reducedPrice: 6_000,
    reducedFor: 'student',
    reducedLeft: null,
    validityDays: 30,
    entries: null,
    onSale: true,
  },
  {
    tenantSlug: 'mosir-zielonka',
    cardType: 'karta-klienta',
    code: 'silownia-10-wejsc',
    name: 'Karnet 10 wejść — siłownia',
    facility: 'siłownia',
    price: 15_000,
    reducedPrice: null,
    reducedFor: null,
    reducedLeft: null,
    validityDays: null,
    entries: 10,
    onSale: true,
  },
  {
    tenantSlug: 'mosir-zielonka',
    cardType: 'karta-klienta',
    code: 'fitness-8-wejsc',
    name: 'Karnet 8 wejść — fitness, 60 dni',
    facility: 'sala fitness',
    price: 16_000,
    reducedPrice: 11_000,
    reducedFor: 'senior',
    reducedLeft: 20,
    validityDays: 60,
    entries: 8,
    onSale: true,
  },
];

export async function seedDemoCards(owner: Knex): Promise<void> {
  for (const demo of DEMO_CARD_TYPES) {
    const tenant = await owner('tenants').where({ slug: demo.tenantSlug }).first('id');
    if (!tenant) continue;
    await withTenant(owner, asTenantId(tenant.id as string), async (trx) => {
      if (await tenantRows(trx, 'card_types').where({ code: demo.code }).first('id')) return;
      await trx('card_types').insert({
        code: demo.code,
        name: demo.name,
        workflow: demo.workflow,
        activation_fee: demo.activationFee,
        currency: demo.currency,
        number_prefix: demo.numberPrefix,
        number_length: demo.numberLength,
        check_digit: demo.checkDigit,
      });
    });
  }
  for (const { tenantSlug, cardType: cardTypeCode, ...demo } of DEMO_PASS_TYPES) {
    const tenant = await owner('tenants').where({ slug: tenantSlug }).first('id');
    if (!tenant) continue;
    await withTenant(owner, asTenantId(tenant.id as string), async (trx) => {
      const cardType = await tenantRows(trx, 'card_types').where({ code: cardTypeCode }).first('id');
      if (!cardType || (await passTypeByCode(trx, demo.code))) return;
      await insertPassType(trx, { ...demo, cardTypeId: cardType.id as string });
    });
  }
}
