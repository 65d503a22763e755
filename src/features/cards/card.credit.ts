// What follows a payment to a card's account (issue #22), wherever it was paid (online, after
// the provider's notification; at the counter's till, in the payment's transaction): the card
// made active once its activation fee is paid, and its passes paid for made valid. Given to the
// money core through the manifest (CreditFollowUp); taking only what is due, so a notification
// replayed changes nothing more.
import type { CreditFollowUp, HookServices } from '../../platform/feature.ts';
import { cardById } from './cards.repo.ts';
import { cardTypeById } from './card-types.repo.ts';
import { settlePaidPasses } from './passes/pass-steps.ts';
import { catchUp } from './transitions.ts';

export function cardCreditFollowUp(deps: Pick<HookServices, 'clock' | 'outbox'>): CreditFollowUp {
  return {
    ownerKind: 'card',
    async credited(trx, context, cardId) {
      const card = await cardById(trx, cardId);
      const type = card && (await cardTypeById(trx, card.cardTypeId));
      if (!card || !type) return;
      await settlePaidPasses(trx, deps, context, await catchUp(trx, deps, context, card, type));
    },
  };
}
