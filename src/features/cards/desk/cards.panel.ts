// The client's cards, a panel of the client's page at the counter (issue #22): each card with its
// type, number and state, linking to the card's page where the workflow's steps are taken, and a
// button to apply for the client (apply-at-counter.routes.ts) for each type the tenant offers
// that the client has no card of in play. At a tenant that offers cards only.
import type { ClientPanel } from '../../../platform/feature.ts';
import { cardTypeById } from '../card-types.repo.ts';
import { cardsOfClient, openCardOf } from '../cards.repo.ts';
import type { Card, CardType } from '../cards.types.ts';
import { offeredTypes } from '../offered.ts';
import { WORKFLOW_MODULES } from '../workflow.ts';

export interface ClientCardsPanel {
  clientId: string;
  cards: { card: Card; typeName: string }[];
  /** The types a clerk may apply for for the client: offered, and none of them in play. */
  applicable: Pick<CardType, 'id' | 'name'>[];
}

const CARD_MODULES = new Set(Object.values(WORKFLOW_MODULES));

export const CARDS_PANEL: ClientPanel = {
  name: 'cards',
  view: '/admin/cards/panels/cards',
  async load(trx, clientId, tenant): Promise<ClientCardsPanel | undefined> {
    if (!tenant.modules.some((module) => CARD_MODULES.has(module))) return undefined;
    const cards: ClientCardsPanel['cards'] = [];
    for (const card of await cardsOfClient(trx, clientId)) {
      const type = await cardTypeById(trx, card.cardTypeId);
      if (type) cards.push({ card, typeName: type.name });
    }
    const applicable: ClientCardsPanel['applicable'] = [];
    for (const type of await offeredTypes(trx, tenant)) {
      if (!(await openCardOf(trx, clientId, type.id))) applicable.push({ id: type.id, name: type.name });
    }
    return { clientId, cards, applicable };
  },
};
