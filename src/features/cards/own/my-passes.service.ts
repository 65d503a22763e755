// The client's season passes online (issue #22): buying one (charged to the card's account,
// valid from the day it is paid: card.credit.ts) and cancelling one still unpaid; what the card's
// page shows of them is passes/card-passes.ts, the counter's too. The pass steps themselves (pass-steps.ts) are the counter's too; here they are taken
// for the signed-in client's own card, so another client's pass is not found.
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';
import { signedInClientId, type ServiceContext } from '../../../platform/service-context.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { openCardOf } from '../cards.repo.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { offeredType } from '../offered.ts';
import { cancelUnpaidPass, sellPass, type Sale } from '../passes/pass-steps.ts';
import { passTypeByCode } from '../passes/pass-types.repo.ts';
import { passById } from '../passes/passes.repo.ts';

export type PurchaseOutcome = { kind: 'bought' } | Exclude<Sale, { kind: 'bought' }> | { kind: 'notFound' };

/**
 * A pass of the catalogue bought by the client on their card of the type, unpaid until they pay
 * it. A type that is not the card's, or of no catalogue here, is not on sale.
 */
export async function buyPass(
  deps: CardsDeps,
  context: ServiceContext,
  code: string,
  choice: { passType: string; price: 'full' | 'reduced'; key: string },
): Promise<PurchaseOutcome> {
  try {
    return await purchase(deps, context, code, choice);
  } catch (error) {
    // The same form sent twice at once: the other sending bought the pass.
    if (violatedUniqueIndex(error) === 'passes_purchase_key') return { kind: 'bought' };
    throw error;
  }
}

function purchase(
  deps: CardsDeps,
  context: ServiceContext,
  code: string,
  choice: { passType: string; price: 'full' | 'reduced'; key: string },
): Promise<PurchaseOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PurchaseOutcome> => {
    const cardType = await offeredType(trx, context.tenant, code);
    if (!cardType) return { kind: 'notFound' };
    const card = await openCardOf(trx, signedInClientId(context), cardType.id);
    if (!card) return { kind: 'cardNotActive' };
    const passType = await passTypeByCode(trx, choice.passType);
    if (!passType) return { kind: 'notOnSale' };
    const sale = await sellPass(trx, deps, context, {
      card,
      cardType,
      passType,
      reduced: choice.price === 'reduced',
      purchaseKey: choice.key,
    });
    return sale.kind === 'bought' ? { kind: 'bought' } : sale;
  });
}

export type PassCancellation = { kind: 'cancelled' } | { kind: 'notUnpaid' } | { kind: 'notFound' };

/** The client's unpaid pass cancelled, its charge reversed with the reason given. */
export function cancelMyPass(
  deps: CardsDeps,
  context: ServiceContext,
  cancellation: { code: string; passId: string; reason: string },
): Promise<PassCancellation> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PassCancellation> => {
    const cardType = await offeredType(trx, context.tenant, cancellation.code);
    const card = cardType && (await openCardOf(trx, signedInClientId(context), cardType.id));
    const pass = card && (await passById(trx, cancellation.passId));
    if (!pass || pass.cardId !== card.id) return { kind: 'notFound' };
    return cancelUnpaidPass(trx, deps, context, pass, cancellation.reason);
  });
}
