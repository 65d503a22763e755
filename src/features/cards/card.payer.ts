// Who may pay a card's account online (issue #22): the card's holder. Given to the payments
// feature through the manifest (AccountPayer), so the money core's Pay page takes the card's
// activation fee from its holder and from nobody else.
import type { AccountPayer } from '../../platform/feature.ts';
import { cardById } from './cards.repo.ts';

export const CARD_PAYER: AccountPayer = {
  ownerKind: 'card',
  async mayPay(trx, { clientId, ownerId }) {
    const card = await cardById(trx, ownerId);
    return card?.clientId === clientId;
  },
};
