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
import { cardCreditFollowUp } from '../src/features/cards/card.credit.ts';
import { cardTypeByCode } from '../src/features/cards/card-types.repo.ts';
import { cardById } from '../src/features/cards/cards.repo.ts';
import { insertEntitlement } from '../src/features/cards/passes/entitlements.repo.ts';
import { sellPass } from '../src/features/cards/passes/pass-steps.ts';
import { startCard } from '../src/features/cards/transitions.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';
import { postPayment } from '../src/features/money/index.ts';
import { systemClock } from '../src/lib/clock.ts';
import { calendarDayIn } from '../src/lib/zoned-date.ts';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { MailOutbox } from '../src/platform/mail/outbox.ts';
import type { ServiceContext } from '../src/platform/service-context.ts';
import { tenantFromRow } from '../src/platform/tenancy/tenant.ts';

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

/**
 * A demo client who holds the card, active, with its fee paid at the counter, an entitlement and
 * passes bought at the till: what the counter and the client's own card page show at once.
 */
export const DEMO_CARD_HOLDERS = [
  {
    tenantSlug: 'mosir-zielonka',
    clientEmail: 'ewa.wisniewska@example.org',
    cardType: 'karta-klienta',
    entitlement: { kind: 'student', validUntil: '2027-09-30' },
    passes: [
      { code: 'basen-miesieczny', reduced: true },
      { code: 'silownia-10-wejsc', reduced: false },
    ],
  },
] as const;

export async function seedDemoCards(owner: Knex, { dataKey }: { dataKey: Buffer }): Promise<void> {
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
  await seedDemoCardHolders(owner, dataKey);
}

/**
 * Each holder's card taken through the workflow as the counter takes it (applied for, issued, its
 * fee paid at the till and so made active), the entitlement a clerk records, and the passes sold
 * at the till. A holder who has a card of the type already is left as is.
 */
async function seedDemoCardHolders(owner: Knex, dataKey: Buffer): Promise<void> {
  const clock = systemClock;
  const outbox = new MailOutbox({ sealedBox: createSealedBox(dataKey), clock });
  for (const holder of DEMO_CARD_HOLDERS) {
    const row = await owner('tenants').where({ slug: holder.tenantSlug }).first();
    if (!row) continue;
    // Its custom domains are no business of the seed: the registry reads them with the row.
    const tenant = tenantFromRow({ ...row, domains: null }, TENANT_SETTINGS);
    const context: ServiceContext = { tenant, actor: { kind: 'operator' }, requestId: 'seed' };
    await withTenant(owner, tenant.id, async (trx) => {
      const client = await tenantRows(trx, 'clients').where({ email_key: holder.clientEmail }).first('id');
      const cardType = await cardTypeByCode(trx, holder.cardType);
      const clerk = await tenantRows(trx, 'staff').orderBy('created_at').first('id');
      if (!client || !cardType || !clerk) return;
      const started = await startCard(trx, { clock, outbox }, context, client.id as string, cardType);
      if (started.kind !== 'started' || !started.card.accountId) return;
      const receipt = (n: number) => `DEMO/${started.card.number}/${n}`;
      await postPayment(trx, context, {
        accountId: started.card.accountId,
        amount: cardType.activationFee,
        currency: cardType.currency,
        bookedOn: calendarDayIn(tenant.timeZone, clock.now()),
        title: 'Gotówka',
        source: 'cash',
        receiptNumber: receipt(0),
      });
      await cardCreditFollowUp({ clock, outbox }).credited(trx, context, started.card.id);
      await insertEntitlement(trx, {
        clientId: client.id as string,
        ...holder.entitlement,
        staffId: clerk.id as string,
        now: clock.now(),
      });
      const card = (await cardById(trx, started.card.id))!;
      for (const [index, pass] of holder.passes.entries()) {
        const passType = await passTypeByCode(trx, pass.code);
        if (!passType) continue;
        await sellPass(trx, { clock }, context, {
          card,
          cardType,
          passType,
          reduced: pass.reduced,
          paid: { source: 'card', receiptNumber: receipt(index + 1), title: 'Karta płatnicza' },
        });
      }
    });
  }
}
