// The client's cards, a panel of the client's page at the counter (issue #22): each card with its
// type, number and state, linking to the card's page where the workflow's steps are taken, and a
// button to apply for the client (apply-at-counter.routes.ts) for each type the tenant offers
// that the client has no card of in play; for a type whose cards name their holder (the city
// card), each card with its holder, and a link to enter another application from a paper form
// (city/apply/paper-applications.routes.ts). At a tenant that offers cards only.
import type { ClientPanel } from '../../../platform/feature.ts';
import { cardTypeById } from '../card-types.repo.ts';
import { cardsOfClient, openCardOf } from '../cards.repo.ts';
import type { Card, CardType } from '../cards.types.ts';
import { offeredTypes } from '../offered.ts';
import { applicationsOfCards } from '../city/city-card-applications.repo.ts';
import { WORKFLOW_MODULES, WORKFLOW_TRAITS } from '../workflow.ts';

export interface ClientCardsPanel {
  clientId: string;
  /** Each card with its type's name, and for a card that names its holder, the holder and where its application is. */
  cards: { card: Card; typeName: string; holder?: string; applicationPage?: string }[];
  /** The types a clerk may apply for for the client: offered, and none of them in play. */
  applicable: Pick<CardType, 'id' | 'name'>[];
  /** The types whose cards name their holder: a paper application for any holder, any number of them. */
  paper: Pick<CardType, 'id' | 'name'>[];
}

const CARD_MODULES = new Set(Object.values(WORKFLOW_MODULES));

export const CARDS_PANEL: ClientPanel = {
  name: 'cards',
  view: '/admin/cards/panels/cards',
  async load(trx, clientId, tenant): Promise<ClientCardsPanel | undefined> {
    if (!tenant.modules.some((module) => CARD_MODULES.has(module))) return undefined;
    const cards: ClientCardsPanel['cards'] = [];
    const owned = await cardsOfClient(trx, clientId);
    const applications = new Map(
      (
        await applicationsOfCards(
          trx,
          owned.map((card) => card.id),
        )
      ).map((a) => [a.cardId, a]),
    );
    for (const card of owned) {
      const type = await cardTypeById(trx, card.cardTypeId);
      const application = applications.get(card.id);
      if (!type) continue;
      if (!application) {
        cards.push({ card, typeName: type.name });
        continue;
      }
      const holder = `${application.holderFirstName} ${application.holderLastName}`;
      // A draft or a returned application is worked on in its form; any other card on its page.
      const editable = card.state === 'draft' || card.state === 'returned';
      cards.push({
        card,
        typeName: type.name,
        holder,
        ...(editable ? { applicationPage: `/admin/cards/${card.id}/application-form` } : {}),
      });
    }
    const applicable: ClientCardsPanel['applicable'] = [];
    const paper: ClientCardsPanel['paper'] = [];
    for (const type of await offeredTypes(trx, tenant)) {
      if (WORKFLOW_TRAITS[type.workflow].namesHolder) paper.push({ id: type.id, name: type.name });
      else if (!(await openCardOf(trx, clientId, type.id))) applicable.push({ id: type.id, name: type.name });
    }
    return { clientId, cards, applicable, paper };
  },
};
