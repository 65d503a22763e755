// An application for a card made at the counter for a client (issue #22: a client without
// internet applies in person). The clerk submits it through the one workflow (startCard), so the
// card's history names the clerk's or manager's role, the step is audited as every person's step
// is, and the portal then approves and issues the Client Card at once, with its number and the
// activation fee due. A second click, or the client's own application meanwhile, finds the card
// already in play (cards_one_open keeps it one). A client or a card type of another tenant, or a
// type whose module the tenant has turned off, is not found.
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { isClient } from '../../accounts/index.ts';
import { mayAct, type StaffContext } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { typeOfCard } from '../offered.ts';
import { startCard } from '../transitions.ts';
import { WORKFLOW_TRAITS } from '../workflow.ts';

export type CounterApplication =
  | { kind: 'applied'; cardId: string }
  /** A type whose cards name their holder: its application starts by asking who for (city/apply/). */
  | { kind: 'namesHolder' }
  /** The client has a card of the type in play already: this is it. */
  | { kind: 'alreadyOpen'; cardId: string }
  | { kind: 'notFound' }
  | { kind: 'refused' };

export async function applyAtCounter(
  deps: CardsDeps,
  context: StaffContext,
  input: { clientId: string; cardTypeId: string },
): Promise<CounterApplication> {
  if (!(await isClient(deps, context, input.clientId))) return { kind: 'notFound' };
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<CounterApplication> => {
    if (!(await mayAct(trx, context, 'cards.apply'))) return { kind: 'refused' };
    const type = await typeOfCard(trx, context.tenant, input.cardTypeId);
    if (!type) return { kind: 'notFound' };
    if (WORKFLOW_TRAITS[type.workflow].namesHolder) return { kind: 'namesHolder' };
    const started = await startCard(trx, deps, context, input.clientId, type);
    return { kind: started.kind === 'started' ? 'applied' : 'alreadyOpen', cardId: started.card.id };
  });
}
