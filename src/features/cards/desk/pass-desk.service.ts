// Season passes at the counter (issue #22): a pass sold and paid at the till in one transaction,
// an entry recorded on a pass, and a client's entitlement to reduced prices recorded from the
// document they show. Each on the card the clerk has open, read through the tenant's transaction
// (a card of another tenant is not found), audited by the steps themselves (pass-steps.ts).
import { recordAudit } from '../../../platform/audit/record.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { cardById } from '../cards.repo.ts';
import { typeOfCard } from '../offered.ts';
import { insertEntitlement } from '../passes/entitlements.repo.ts';
import { recordEntry, sellPass, type EntryOutcome, type Sale } from '../passes/pass-steps.ts';
import { passTypeByCode } from '../passes/pass-types.repo.ts';
import { passById } from '../passes/passes.repo.ts';
import type { EntitlementKind } from '../passes/passes.types.ts';

export type CounterSale = Sale | { kind: 'receiptTaken' } | { kind: 'notFound' } | { kind: 'notAllowed' };

export async function sellPassAtCounter(
  deps: CardsDeps,
  context: StaffContext,
  sale: {
    cardId: string;
    passTypeCode: string;
    reduced: boolean;
    source: 'cash' | 'card';
    receiptNumber: string;
    title: string;
  },
): Promise<CounterSale> {
  try {
    return await withTenant(deps.db, context.tenant.id, async (trx): Promise<CounterSale> => {
      if (!(await mayAct(trx, context, 'cards.sellPasses'))) return { kind: 'notAllowed' };
      const card = await cardById(trx, sale.cardId);
      const cardType = card && (await typeOfCard(trx, context.tenant, card.cardTypeId));
      if (!card || !cardType) return { kind: 'notFound' };
      const passType = await passTypeByCode(trx, sale.passTypeCode);
      if (!passType) return { kind: 'notOnSale' };
      const { source, receiptNumber, title } = sale;
      return sellPass(trx, deps, context, {
        card,
        cardType,
        passType,
        reduced: sale.reduced,
        paid: { source, receiptNumber, title },
      });
    });
  } catch (error) {
    // The receipt is on the card's account already (a form sent twice): nothing is sold again.
    if (violatedUniqueIndex(error) === 'ledger_entries_receipt') return { kind: 'receiptTaken' };
    throw error;
  }
}

export type CounterEntry = EntryOutcome | { kind: 'notFound' } | { kind: 'notAllowed' };

export function recordEntryAtCounter(
  deps: CardsDeps,
  context: StaffContext,
  entry: { cardId: string; passId: string },
): Promise<CounterEntry> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<CounterEntry> => {
    if (!(await mayAct(trx, context, 'cards.recordEntries'))) return { kind: 'notAllowed' };
    const pass = await passById(trx, entry.passId);
    if (!pass || pass.cardId !== entry.cardId) return { kind: 'notFound' };
    return recordEntry(trx, deps, context, { cardId: entry.cardId, pass });
  });
}

export type EntitlementOutcome = { kind: 'recorded' } | { kind: 'notFound' } | { kind: 'notAllowed' };

/** The card's holder entitled to reduced prices of the kind until the day (an earlier day ends it). */
export function recordEntitlementAtCounter(
  deps: CardsDeps,
  context: StaffContext,
  entitlement: { cardId: string; kind: EntitlementKind; validUntil: string },
): Promise<EntitlementOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<EntitlementOutcome> => {
    if (!(await mayAct(trx, context, 'cards.recordEntitlements'))) return { kind: 'notAllowed' };
    const card = await cardById(trx, entitlement.cardId);
    if (!card || !(await typeOfCard(trx, context.tenant, card.cardTypeId))) return { kind: 'notFound' };
    const id = await insertEntitlement(trx, {
      clientId: card.clientId,
      kind: entitlement.kind,
      validUntil: entitlement.validUntil,
      staffId: context.actor.staffId,
      now: deps.clock.now(),
    });
    await recordAudit(trx, context, {
      action: 'cards.entitlement_recorded',
      subject: { kind: 'client', id: card.clientId },
      changes: { entitlement: [null, id], kind: [null, entitlement.kind], validUntil: [null, entitlement.validUntil] },
    });
    return { kind: 'recorded' };
  });
}
