// What the counter's card page shows of a city card beyond every card's (issue #23): the pickup
// window while the card is still to be picked up, what the handover form needs once it is ready
// (the application's identity document to compare, the period tickets on sale, the least top-up,
// whether a replacement already moved loads onto it), and the loads recorded for the ticketing
// system, with the e-purse balance they add up to; an open change of the holder's data.
import type { Knex } from 'knex';
import type { PickupWindow } from '../../../../lib/pickup-window.ts';
import type { Card, CardType } from '../../cards.types.ts';
import type { PassType } from '../../passes/passes.types.ts';
import { applicationOfCard } from '../city-card-applications.repo.ts';
import type { IdDocumentKind } from '../city-card.types.ts';
import { pickupShown } from '../pickup/pickup-shown.ts';
import { loadsOfCard, type Load } from '../ticketing/loads.repo.ts';
import { ePurseOf } from '../ticketing/carried.ts';
import { periodTickets, TOP_UP_MINIMUM } from './first-load.ts';
import { changesShownOf, type ChangesShown } from '../changes/changes.service.ts';

export interface HandoverDesk {
  idDocument: { kind: IdDocumentKind; number: string };
  tickets: PassType[];
  /** The least first top-up, in minor units. */
  minimum: number;
  /** A replacement moved loads onto the card: a first load is not needed. */
  carried: boolean;
}

export interface CityDesk {
  pickup?: PickupWindow;
  handover?: HandoverDesk;
  loads: Load[];
  /** The e-purse balance the loads add up to, in minor units. */
  ePurse: number;
  /** The open change of the holder's data, and whether one may be asked for (changes/). */
  changes: ChangesShown;
}

export async function cityDeskOf(
  trx: Knex.Transaction,
  card: Card,
  type: CardType,
  timeZone: string,
): Promise<CityDesk> {
  const application = await applicationOfCard(trx, card.id);
  const loads = await loadsOfCard(trx, { cardId: card.id });
  const pickup = pickupShown(card.state, application, timeZone);
  const idDocument = application?.idDocument;
  return {
    ...(pickup ? { pickup } : {}),
    ...(card.state === 'ready' && idDocument
      ? {
          handover: {
            idDocument,
            tickets: await periodTickets(trx, card.cardTypeId),
            minimum: TOP_UP_MINIMUM.personal,
            carried: loads.length > 0,
          },
        }
      : {}),
    loads,
    ePurse: ePurseOf(loads),
    changes: await changesShownOf(trx, card, type),
  };
}
