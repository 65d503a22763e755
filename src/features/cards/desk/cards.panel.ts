// The client's cards, a panel of the client's page at the counter (issue #22): each card with its
// type, number and state, linking to the card's page where the workflow's steps are taken. At a
// tenant that offers cards only.
import type { ClientPanel } from '../../../platform/feature.ts';
import { cardTypeById } from '../card-types.repo.ts';
import { cardsOfClient } from '../cards.repo.ts';
import type { Card } from '../cards.types.ts';
import { WORKFLOW_MODULES } from '../workflow.ts';

export interface ClientCardsPanel {
  cards: { card: Card; typeName: string }[];
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
    return { cards };
  },
};
