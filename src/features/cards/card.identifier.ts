// A card's number as a way to name its holder at the counter (issue #22): the search box
// recognises a number with a valid check digit, Luhn's or Damm's (a mistyped one is not looked
// up), and finds the holder of the card with that number, whatever the card's state (a blocked card's
// holder is the one who comes to have it replaced).
import type { ClientIdentifier } from '../../platform/feature.ts';
import { typedCardNumber } from './card-number.ts';
import { clientIdsByCardNumber } from './cards.repo.ts';

export const CARD_IDENTIFIER: ClientIdentifier = {
  name: 'card',
  recognises: (query) => typedCardNumber(query) !== undefined,
  find: (trx, query) => clientIdsByCardNumber(trx, typedCardNumber(query)!),
};
