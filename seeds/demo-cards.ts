// The demo sports centre's Client Card (issue #22), so a newcomer can apply at once: the card type
// "Karta Klienta" at mosir-zielonka, its activation fee 20,00 zł, its numbers 12 digits beginning
// 7701 with a Luhn check digit (the default; a manager may choose Damm's for a new type).
// Idempotent: a type already there (by its code) is left as it is.
import type { Knex } from 'knex';
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
}
