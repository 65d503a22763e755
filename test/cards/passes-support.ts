// What the season pass tests share: a pass type in the catalogue of a card type, and an active
// card of a client with a valid pass on it, made through the same steps the counter takes (the
// card's account opened, the pass sold and paid at the till), without a browser.
import type { Knex } from 'knex';
import type { Clock } from '../../src/lib/clock.ts';
import type { CardType } from '../../src/features/cards/cards.types.ts';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { sellPass } from '../../src/features/cards/passes/pass-steps.ts';
import { insertPassType, passTypeById } from '../../src/features/cards/passes/pass-types.repo.ts';
import type { PassType } from '../../src/features/cards/passes/passes.types.ts';
import { openAccount } from '../../src/features/money/index.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';

let made = 0;

/** A pass type for cards of the type: 30 days at 120,00 zł unless told otherwise. */
export async function passTypeFor(
  db: Knex,
  tenant: Tenant,
  cardType: CardType,
  terms: Partial<Omit<PassType, 'id' | 'cardTypeId'>> = {},
): Promise<PassType> {
  made += 1;
  return withTenant(db, tenant.id, async (trx) => {
    const id = await insertPassType(trx, {
      cardTypeId: cardType.id,
      code: `karnet-${made}`,
      name: `Karnet ${made}`,
      facility: 'Pływalnia',
      price: 12_000,
      reducedPrice: null,
      reducedFor: null,
      reducedLeft: null,
      validityDays: 30,
      entries: null,
      onSale: true,
      ...terms,
    });
    return (await passTypeById(trx, id!))!;
  });
}

/**
 * An active card of the type for the client (its number and account as issuing gives them, its
 * fee paid) with one pass of `passType` sold and paid at the till today.
 */
export async function activeCardWithPass(
  db: Knex,
  input: { tenant: Tenant; cardType: CardType; passType: PassType; clientId: string; clock: Clock },
): Promise<{ cardId: string; accountId: string; passId: string }> {
  made += 1;
  const context: ServiceContext = { tenant: input.tenant, actor: { kind: 'system', job: 'test' }, requestId: 'test' };
  return withTenant(db, input.tenant.id, async (trx) => {
    const [row] = await trx('cards')
      .insert({
        card_type_id: input.cardType.id,
        client_id: input.clientId,
        state: 'active',
        state_since: input.clock.now(),
        number: `${input.cardType.numberPrefix}${String(made).padStart(input.cardType.numberLength - input.cardType.numberPrefix.length, '0')}`,
      })
      .returning('id');
    const cardId = (row as { id: string }).id;
    const account = await openAccount(trx, {
      ownerKind: 'card',
      ownerId: cardId,
      currency: input.cardType.currency,
      kind: 'card_fees',
      name: 'Karta testowa',
      openedOn: '2026-01-01',
    });
    await trx('cards').where({ id: cardId }).update({ account_id: account.id });
    const sale = await sellPass(trx, input, context, {
      card: (await cardById(trx, cardId))!,
      cardType: input.cardType,
      passType: input.passType,
      reduced: false,
      paid: { source: 'cash', receiptNumber: `KP/T/${made}`, title: 'Gotówka' },
    });
    if (sale.kind !== 'bought') throw new Error(`the pass was not sold: ${sale.kind}`);
    return { cardId, accountId: account.id, passId: sale.pass.id };
  });
}

/** The tenant's passes, the first bought first, as their rows hold them. */
export function passRowsOf(db: Knex, tenant: Tenant) {
  return withTenant(db, tenant.id, (trx) =>
    tenantRows(trx, 'passes')
      .orderBy('bought_at')
      .select(
        ...['id', 'card_id', 'state', 'price', 'reduced', 'entries_left'],
        trx.raw('valid_from::text AS valid_from'),
        trx.raw('valid_until::text AS valid_until'),
      ),
  );
}
